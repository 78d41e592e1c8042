/**
 * @module def-file
 * The `.def` file (FORMAT.md §8): what a dataset holds, where it came from, and its full lineage. Written
 * as Python's `json.dumps(def, sort_keys=True, indent=4)`; dependency entries are kept as parsed trees, so
 * keys this version does not know survive when a dataset is copied into another's lineage.
 */
import { type JsonTree, parseJsonTree, renderJsonTreeIndented } from '../data/json-tree.ts'
import { HypergolError } from '../errors.ts'
import { assertChunkCount, type ChunkCount } from './chunk-id.ts'
import type { RepoInfo } from './repo-info.ts'
import type { WorkingTreeChanges } from './working-tree.ts'

/** A JSON object in the schema-free dialect (integers are `bigint`). */
export type JsonObject = { [key: string]: JsonTree }

/** The content of a `.def` file. */
export interface DatasetDef {
  branch: string
  chunkCount: ChunkCount
  /** Local wall-clock time, naive, Python `isoformat()`. */
  creationTime: string
  /** Bare class name, e.g. `Record`. */
  dataType: string
  /** Each dependency's whole `.def` plus `chkFileChecksum`, in the order they were added. */
  dependencies: JsonObject[]
  name: string
  project: string
  repo: RepoInfo
  /** Keys beyond the original's (ignored by Python); written back unchanged. */
  extra: JsonObject
}

const KNOWN_KEYS = new Set([
  'branch',
  'chunkCount',
  'creationTime',
  'dataType',
  'dependencies',
  'name',
  'project',
  'repo',
])
const REPO_KEYS = ['branchName', 'comitterEmail', 'comitterName', 'commitHash', 'commitMessage'] as const

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The `.def` text: sorted keys, indent 4, ASCII escapes, no trailing newline. */
export const renderDefFile = (def: DatasetDef): string => {
  const repo: JsonObject = {}
  for (const key of REPO_KEYS) repo[key] = def.repo[key]
  return renderJsonTreeIndented({
    ...def.extra,
    branch: def.branch,
    chunkCount: BigInt(def.chunkCount),
    creationTime: def.creationTime,
    dataType: def.dataType,
    dependencies: def.dependencies,
    name: def.name,
    project: def.project,
    repo,
  })
}

/**
 * Parses a `.def` file, checking the keys the format requires.
 *
 * @returns the typed content and the parsed tree (used verbatim as a dependency entry of later datasets).
 * @throws HypergolError E_DEF_INVALID naming the file and the bad key.
 */
export const parseDefFile = (text: string, path: string): { def: DatasetDef; tree: JsonObject } => {
  let tree: JsonTree
  try {
    tree = parseJsonTree(text)
  } catch (error) {
    throw new HypergolError('E_DEF_INVALID', `${path} is not valid JSON`, { cause: error })
  }
  const invalid = (what: string): never => {
    throw new HypergolError('E_DEF_INVALID', `${path}: ${what}`, {
      hint: 'A .def file is written by hypergol or Python Hypergol; restore it from the original dataset.',
    })
  }
  if (!isObject(tree)) return invalid('expected a JSON object')
  const text_ = (key: string, from: JsonObject = tree): string => {
    const value = from[key]
    return typeof value === 'string' ? value : invalid(`key ${key} must be a string`)
  }
  const chunkCount = typeof tree.chunkCount === 'bigint' ? Number(tree.chunkCount) : tree.chunkCount
  try {
    assertChunkCount(chunkCount, `${path}: chunkCount`)
  } catch (error) {
    throw new HypergolError('E_DEF_INVALID', (error as Error).message, { cause: error })
  }
  const dependencies = tree.dependencies ?? []
  if (!Array.isArray(dependencies) || !dependencies.every(isObject)) {
    return invalid('key dependencies must be a list of objects')
  }
  const repoTree = tree.repo
  if (!isObject(repoTree)) return invalid('key repo must be an object')
  const repo = {} as RepoInfo
  for (const key of REPO_KEYS) repo[key] = text_(key, repoTree)
  const extra: JsonObject = {}
  for (const [key, value] of Object.entries(tree)) if (!KNOWN_KEYS.has(key)) extra[key] = value
  const def: DatasetDef = {
    branch: text_('branch'),
    chunkCount,
    creationTime: text_('creationTime'),
    dataType: text_('dataType'),
    dependencies,
    name: text_('name'),
    project: text_('project'),
    repo,
    extra,
  }
  return { def, tree }
}

/** The lineage entry of a dependency: its whole `.def` tree plus `chkFileChecksum` (FORMAT.md §8). */
export const renderDependencyEntry = (defTree: JsonObject, chkFileChecksum: string): JsonObject => ({
  ...defTree,
  chkFileChecksum,
})

/** The `.def` key (ignored by Python) recording the uncommitted changes of a run with `--allow-dirty`. */
const UNCOMMITTED_KEY = 'hypergolUncommitted'

/** The extra `.def` entry recording `changes`, or nothing for a clean tree. */
export const renderUncommittedEntry = (changes: WorkingTreeChanges | undefined): JsonObject =>
  changes === undefined
    ? {}
    : {
        [UNCOMMITTED_KEY]: {
          contentSha1: changes.contentSha1,
          pathCount: BigInt(changes.pathCount),
          paths: changes.paths,
        },
      }

/** The uncommitted changes a `.def` records, if any. */
export const parseUncommittedEntry = (extra: JsonObject): WorkingTreeChanges | undefined => {
  const entry = extra[UNCOMMITTED_KEY]
  if (!isObject(entry)) return undefined
  const { contentSha1, pathCount, paths } = entry
  if (typeof contentSha1 !== 'string' || typeof pathCount !== 'bigint' || !Array.isArray(paths))
    return undefined
  return {
    contentSha1,
    pathCount: Number(pathCount),
    paths: paths.filter((path): path is string => typeof path === 'string'),
  }
}

/** The `.def` key (ignored by Python) marking a partial output, published by a task with `--keep-going`. */
const PARTIAL_KEY = 'hypergolPartial'

/** What a partial output records: how many input objects failed, and the first of them. */
export interface PartialRecord {
  failedObjects: number
  /** The first failures (at most 10): job, 1-based input object in its job, the object, the error. */
  firstFailures: { job: number; object: number; item: string; message: string }[]
}

/** The extra `.def` entry marking a partial output, or nothing for a complete one. */
export const renderPartialEntry = (partial: PartialRecord | undefined): JsonObject =>
  partial === undefined || partial.failedObjects === 0
    ? {}
    : {
        [PARTIAL_KEY]: {
          failedObjects: BigInt(partial.failedObjects),
          firstFailures: partial.firstFailures.map((failure) => ({
            item: failure.item,
            job: BigInt(failure.job),
            message: failure.message,
            object: BigInt(failure.object),
          })),
        },
      }

/** The partial record of a `.def`, if it has one. */
export const parsePartialEntry = (extra: JsonObject): PartialRecord | undefined => {
  const entry = extra[PARTIAL_KEY]
  if (!isObject(entry) || typeof entry.failedObjects !== 'bigint') return undefined
  const failures = Array.isArray(entry.firstFailures) ? entry.firstFailures.filter(isObject) : []
  return {
    failedObjects: Number(entry.failedObjects),
    firstFailures: failures.map((failure) => ({
      job: Number(failure.job),
      object: Number(failure.object),
      item: String(failure.item),
      message: String(failure.message),
    })),
  }
}
