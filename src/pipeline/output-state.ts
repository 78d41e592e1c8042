/**
 * @module output-state
 * Whether a task's output is already built from the same inputs by the same task. The output's `.def`
 * records every input with its checksum (its lineage) and, under the extra key `hypergolTask` (ignored by
 * Python), the task's class and fingerprint. Same inputs and same fingerprint: up to date, skipped.
 * Anything else: stale, refused unless `--rebuild`.
 */
import { checksumOf } from '../dataset/dataset-dir.ts'
import type { JsonObject } from '../dataset/def-file.ts'
import { HypergolError } from '../errors.ts'
import type { AnyDataset, Task } from './task.ts'

/** The `.def` key holding what made the dataset. */
const TASK_DEF_KEY = 'hypergolTask'

/** The state of a task's output before it runs; an up-to-date output comes with its checksum. */
export type OutputState =
  | { kind: 'missing' }
  | { kind: 'up-to-date'; checksum: string }
  | { kind: 'stale'; reasons: string[] }

/** The `hypergolTask` entry recorded in the output's `.def`. */
export const renderTaskEntry = (task: Task, fingerprint: string): JsonObject => ({
  [TASK_DEF_KEY]: { className: task.constructor.name, fingerprint },
})

const recordedFingerprint = (extra: JsonObject): string | undefined => {
  const entry = extra[TASK_DEF_KEY]
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  const fingerprint = (entry as JsonObject).fingerprint
  return typeof fingerprint === 'string' ? fingerprint : undefined
}

/**
 * Compares the complete output of `task` (if any) with the task and, when given, the current checksums
 * of its inputs (in `task.allInputs()` order; left out before the inputs exist).
 */
export const inspectOutput = (task: Task, fingerprint: string, inputChecksums?: string[]): OutputState => {
  const output = task.outputDataset
  if (!output.isComplete()) return { kind: 'missing' }
  const dir = output.load()
  const def = dir.def
  const reasons: string[] = []
  const recorded = recordedFingerprint(def.extra)
  if (recorded === undefined)
    reasons.push('it was not written by a hypergol pipeline task (no task fingerprint)')
  else if (recorded !== fingerprint) reasons.push(`the task's code or parameters changed since it was built`)
  if (inputChecksums !== undefined)
    reasons.push(...compareInputs(task.allInputs(), inputChecksums, def.dependencies))
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
