/**
 * @module summary
 * What `dataset list` and `dataset show` print about a dataset directory, and finding dataset directories
 * under a folder.
 */
import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { JsonTree } from '../data/json-tree.ts'
import type { HypergolError } from '../errors.ts'
import { osErrorOf } from '../os-error.ts'
import { readChunkLines } from './chunk-lines.ts'
import { sizeOfDatasetAt } from './dataset-at.ts'
import { checksumOf, chunkPathsOf, type DatasetDir, defPathOf } from './dataset-dir.ts'
import { type JsonObject, type PartialRecord, parsePartialEntry, parseUncommittedEntry } from './def-file.ts'
import type { WorkingTreeChanges } from './working-tree.ts'

/** One node of a lineage tree: a dataset and the datasets it was derived from. */
export interface LineageNode {
  name: string
  dataType: string
  /** The dependency's checksum as recorded by its dependant; undefined for the root. */
  checksum: string | undefined
  /** What its `.def` says against it: written from uncommitted code, or partial. */
  flags: ('uncommitted' | 'partial')[]
  dependencies: LineageNode[]
}

/** The facts `dataset show` prints. */
export interface DatasetSummary {
  directory: string
  name: string
  dataType: string
  chunkCount: number
  objectCount: number
  /** Bytes on disk of all files of the dataset. */
  sizeBytes: number
  creationTime: string
  commitHash: string
  commitMessage: string
  committer: string
  branchName: string
  /** SHA-1 of the `.chk`, or undefined for an incomplete dataset. */
  checksum: string | undefined
  /** The uncommitted changes it was written with (`--allow-dirty`), if any. */
  uncommitted: WorkingTreeChanges | undefined
  /** Set for an output published with `--keep-going` although input objects failed. */
  partial: PartialRecord | undefined
  lineage: LineageNode
}

const str = (tree: JsonObject, key: string): string => {
  const value = tree[key]
  return typeof value === 'string' ? value : '?'
}

/** The lineage tree of a `.def` tree, or of a dependency entry with its `checksum`. */
export const lineageOf = (tree: JsonObject, checksum: string | undefined): LineageNode => {
  const dependencies = Array.isArray(tree.dependencies) ? tree.dependencies : []
  const flags: LineageNode['flags'] = []
  if (parseUncommittedEntry(tree) !== undefined) flags.push('uncommitted')
  if (parsePartialEntry(tree) !== undefined) flags.push('partial')
  return {
    name: str(tree, 'name'),
    dataType: str(tree, 'dataType'),
    checksum,
    flags,
    dependencies: dependencies
      .filter(
        (entry: JsonTree): entry is JsonObject =>
          typeof entry === 'object' && entry !== null && !Array.isArray(entry),
      )
      .map((entry) =>
        lineageOf(entry, typeof entry.chkFileChecksum === 'string' ? entry.chkFileChecksum : undefined),
      ),
  }
}

/** Counts the objects of a dataset by streaming its chunks (no parsing). */
const countObjects = async (dataset: DatasetDir): Promise<number> => {
  let count = 0
  for (const chunk of chunkPathsOf(dataset)) {
    for await (const lines of readChunkLines(chunk.path)) for (const line of lines) if (line !== '') count++
  }
  return count
}

/** Summarises a loaded dataset directory (streams its chunks to count objects). */
export const summarizeDatasetDir = async (dataset: DatasetDir): Promise<DatasetSummary> => {
  const { def } = dataset
  return {
    directory: dataset.directory,
    name: dataset.name,
    dataType: def.dataType,
    chunkCount: def.chunkCount,
    objectCount: await countObjects(dataset),
    sizeBytes: await sizeOfDatasetAt(dataset.directory),
    creationTime: def.creationTime,
    commitHash: def.repo.commitHash,
    commitMessage: def.repo.commitMessage,
    committer: `${def.repo.comitterName} <${def.repo.comitterEmail}>`,
    branchName: def.repo.branchName,
    checksum: dataset.chk === undefined ? undefined : checksumOf(dataset),
    uncommitted: parseUncommittedEntry(def.extra),
    partial: parsePartialEntry(def.extra),
    lineage: lineageOf(dataset.defTree, undefined),
  }
}

/**
 * Every dataset directory (a folder holding `<its name>.def`) under `root`, sorted by path. Folders below
 * `root` that cannot be read are passed to `onUnreadable` and left out.
 *
 * @throws HypergolError E_IO when `root` itself cannot be listed (missing, a file, unreadable).
 */
export const findDatasetDirs = (
  root: string,
  onUnreadable: (directory: string, error: HypergolError) => void = () => undefined,
): string[] => {
  const found: string[] = []
  const walk = (directory: string): void => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(directory, { withFileTypes: true })
    } catch (error) {
      const failure = osErrorOf(error, directory, 'list')
      if (failure === undefined) throw error
      if (directory === root) throw failure
      onUnreadable(directory, failure)
      return
    }
    if (entries.some((entry) => entry.isFile() && entry.name === basename(defPathOf(directory)))) {
      found.push(directory)
      return
    }
    for (const entry of entries) {
      // Hidden folders are staging directories of writes in progress (staging.ts), or not ours.
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        walk(join(directory, entry.name))
      }
    }
  }
  walk(root)
  return found.sort()
}

/** What `show` and `verify` say of a partial output: `3 input object(s) failed …; first: job 2, …`. */
export const describePartial = (partial: PartialRecord): string => {
  const first = partial.firstFailures[0]
  const firstText =
    first === undefined
      ? ''
      : `; first: job ${first.job}, object ${first.object} (${first.item}): ${first.message}`
  return `${partial.failedObjects} input object(s) failed and have no output (--keep-going)${firstText}`
}
