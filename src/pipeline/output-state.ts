/**
 * @module output-state
 * Whether a task's output is already built from the same inputs by the same task. The output's `.def`
 * records every input with its checksum (its lineage) and, under the extra key `hypergolTask` (ignored by
 * Python), the task's class, identity, fingerprint and the SHA-1s of the project files it imports. Same
 * inputs and same fingerprint, and not partial: up to date, skipped. Anything else: stale, refused unless
 * `--rebuild`, with the reasons (which input, which file).
 */
import { checksumOf } from '../dataset/dataset-dir.ts'
import { type JsonObject, parsePartialEntry } from '../dataset/def-file.ts'
import { HypergolError } from '../errors.ts'
import { changedSources } from '../runtime/local-sources.ts'
import type { TaskFingerprint } from './fingerprint.ts'
import type { AnyDataset, Task } from './task.ts'

/** The `.def` key holding what made the dataset. */
const TASK_DEF_KEY = 'hypergolTask'

/** The state of a task's output before it runs; an up-to-date output comes with its checksum. */
export type OutputState =
  | { kind: 'missing' }
  | { kind: 'up-to-date'; checksum: string }
  | { kind: 'stale'; reasons: string[] }

/** The `hypergolTask` entry recorded in the output's `.def`. */
export const renderTaskEntry = (task: Task, fingerprint: TaskFingerprint): JsonObject => ({
  [TASK_DEF_KEY]: {
    className: task.constructor.name,
    fingerprint: fingerprint.fingerprint,
    identity: fingerprint.identity,
    sources: fingerprint.sources,
  },
})

/** What a `hypergolTask` entry says, as far as it says it (older outputs have no identity or sources). */
const parseTaskEntry = (
  extra: JsonObject,
): { fingerprint: string; identity?: string; sources?: { [path: string]: string } } | undefined => {
  const entry = extra[TASK_DEF_KEY]
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  const { fingerprint, identity, sources } = entry as JsonObject
  if (typeof fingerprint !== 'string') return undefined
  const sourceMap =
    typeof sources === 'object' && sources !== null && !Array.isArray(sources)
      ? Object.fromEntries(Object.entries(sources).map(([path, sha1]) => [path, String(sha1)]))
      : undefined
  return {
    fingerprint,
    ...(typeof identity === 'string' ? { identity } : {}),
    ...(sourceMap === undefined ? {} : { sources: sourceMap }),
  }
}

/** Why a recorded fingerprint differs from the task's now: which files, or the class and parameters. */
const describeFingerprintChange = (
  recorded: NonNullable<ReturnType<typeof parseTaskEntry>>,
  now: TaskFingerprint,
): string[] => {
  const reasons: string[] = []
  if (recorded.identity !== undefined && recorded.identity !== now.identity)
    reasons.push(`the task's class, parameters or datasets changed since it was built`)
  if (recorded.sources === undefined) {
    // Written before fingerprints covered the task's imports: the fingerprints differ for that alone.
    reasons.push(
      'it was built by an older hypergol whose fingerprint did not cover the files the task imports',
    )
  } else {
    const files = changedSources(recorded.sources, now.sources)
    if (files.length > 0) reasons.push(`code it imports changed (${files.join(', ')})`)
  }
  return reasons.length > 0 ? reasons : [`the task's code or parameters changed since it was built`]
}

/** Options of {@link inspectOutput}. */
export interface InspectOutputOptions {
  /**
   * The current checksums of the task's inputs (in `task.allInputs()` order); left out before the inputs
   * exist, when only the task is compared.
   */
  inputChecksums?: string[]
  /** A partial output (published with `--keep-going`) counts as up to date only under `--keep-going`. */
  keepGoing?: boolean
}

/** Compares the complete output of `task` (if any) with the task as it is now. */
export const inspectOutput = (
  task: Task,
  fingerprint: TaskFingerprint,
  options: InspectOutputOptions = {},
): OutputState => {
  const output = task.outputDataset
  if (!output.isComplete()) return { kind: 'missing' }
  const dir = output.load()
  const def = dir.def
  const reasons: string[] = []
  const recorded = parseTaskEntry(def.extra)
  if (recorded === undefined)
    reasons.push('it was not written by a hypergol pipeline task (no task fingerprint)')
  else if (recorded.fingerprint !== fingerprint.fingerprint)
    reasons.push(...describeFingerprintChange(recorded, fingerprint))
  const partial = parsePartialEntry(def.extra)
  if (partial !== undefined && !options.keepGoing)
    reasons.push(`it is partial: ${partial.failedObjects} input object(s) failed under --keep-going`)
  if (options.inputChecksums !== undefined)
    reasons.push(...compareInputs(task.allInputs(), options.inputChecksums, def.dependencies))
  return reasons.length === 0 ? { kind: 'up-to-date', checksum: checksumOf(dir) } : { kind: 'stale', reasons }
}

/** E_OUTPUT_STALE for `task`, whose existing output is stale for `reasons`. */
export const staleOutputError = (task: Task, reasons: string[], hint: string): HypergolError =>
  new HypergolError(
    'E_OUTPUT_STALE',
    `${task.constructor.name}: output ${task.outputDataset.directory} exists but ${reasons.join('; ')}`,
    { hint },
  )

const compareInputs = (inputs: AnyDataset[], checksums: string[], recorded: JsonObject[]): string[] => {
  const names = (list: { name?: unknown }[]) => list.map((entry) => String(entry.name)).join(', ')
  if (recorded.length !== inputs.length || inputs.some((input, i) => recorded[i]?.name !== input.name)) {
    return [`its inputs were [${names(recorded)}], the task now reads [${names(inputs)}]`]
  }
  const reasons: string[] = []
  for (const [i, input] of inputs.entries()) {
    const before = recorded[i]?.chkFileChecksum
    if (before !== checksums[i])
      reasons.push(`input ${input.name} changed (checksum ${String(before)} → ${checksums[i]})`)
  }
  return reasons
}
