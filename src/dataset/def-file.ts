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
