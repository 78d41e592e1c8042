/**
 * @module dataset-dir
 * A dataset as a directory on disk, without a data class: its `.def`, its `.chk` and its chunk files. The
 * typed `Dataset` and the `dataset` CLI commands both stand on this.
 */
import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { HypergolError } from '../errors.ts'
import { existsOrThrow } from '../os-error.ts'
import { type ChkEntries, parseChkFile, sha1Hex } from './chk-file.ts'
import { chunkFileName, listChunkIds, renderChunkId } from './chunk-id.ts'
import { type DatasetDef, type JsonObject, parseDefFile } from './def-file.ts'
import { assertDefMatchesChk } from './integrity.ts'
import { findStagingLeftovers } from './staging.ts'

/** A loaded dataset directory. `chk` is undefined for an incomplete dataset (no `.chk` yet). */
export interface DatasetDir {
  directory: string
  name: string
  defPath: string
  chkPath: string
  def: DatasetDef
  /** The parsed `.def`, verbatim: what dependants copy into their lineage. */
  defTree: JsonObject
  /** The `.def` file's bytes, as read: what its `.chk` entry hashes. */
  defBytes: Uint8Array
  chk: ChkEntries | undefined
  /** The `.chk` file's bytes, as read: the dataset checksum hashes these, not a later read of the file. */
  chkBytes: Uint8Array | undefined
}

/** Options of {@link loadDatasetDir}. */
export interface LoadDatasetDirOptions {
  /**
   * Accept a dataset without a `.chk` (written by a crashed or unclosed writer, or still being written).
   * @default false
   */
  allowIncomplete?: boolean
  /**
   * Check that the `.def` is the one its `.chk` hashes (E_CHECKSUM_MISMATCH otherwise); off only for
   * looking at a damaged dataset (`dataset show`, `dataset verify`, which report it themselves).
   * @default true
   */
  verify?: boolean
  /**
   * The project folder and the branch the dataset belongs to, for naming the other branches that have it
   * when it is missing (a branch name may hold `/`, so they cannot be told from `directory`).
   * @default the folder two levels up, and the folder between as the branch
   */
  placement?: { projectDir: string; branch: string }
}

/** The path of `file` in the dataset folder `directory`: a path, or an `s3://` URL (which `join` would mangle). */
const fileIn = (directory: string, file: string): string =>
  directory.startsWith('s3://') ? `${directory.replace(/\/+$/, '')}/${file}` : join(directory, file)

/** The `.def` path of the dataset at `directory` (named after the directory). */
export const defPathOf = (directory: string): string => fileIn(directory, `${basename(directory)}.def`)

/** The `.chk` path of the dataset at `directory`. */
export const chkPathOf = (directory: string): string => fileIn(directory, `${basename(directory)}.chk`)

/**
 * Loads the `.def` (and `.chk`) of the dataset at `directory`, the folder holding `NAME.def`.
 *
 * @throws HypergolError E_DATASET_NOT_FOUND, E_DATASET_INCOMPLETE, E_DEF_INVALID, E_CHK_INVALID,
 *   E_CHECKSUM_MISMATCH (an edited `.def`).
 */
export const loadDatasetDir = (directory: string, options: LoadDatasetDirOptions = {}): DatasetDir => {
  const name = basename(directory)
  const defPath = defPathOf(directory)
  const chkPath = chkPathOf(directory)
  if (!existsOrThrow(defPath)) {
    const leftover = findStagingLeftovers(directory)[0]
    const branches = findOnOtherBranches(
      name,
      options.placement ?? { projectDir: dirname(dirname(directory)), branch: basename(dirname(directory)) },
    )
    const elsewhere =
      branches.length === 0
        ? ''
        : `; it exists on branch${branches.length > 1 ? 'es' : ''} ${branches.join(', ')}`
    throw new HypergolError(
      'E_DATASET_NOT_FOUND',
      `no dataset at ${directory} (${name}.def not found)${elsewhere}`,
      {
        hint: leftover
          ? `A write of it ${leftover.alive ? 'is in progress' : 'was interrupted'}: ${leftover.path}`
          : branches.length > 0
            ? `Datasets live under <data dir>/<project>/<git branch>/: check out ${branches.length > 1 ? 'one of those branches' : 'that branch'}, or run the tasks that make it on this one.`
            : 'A dataset directory is the folder holding NAME.def; check the path (hypergol dataset list DIR).',
      },
    )
  }
  const defBytes = readFileSync(defPath)
  const chkBytes = existsOrThrow(chkPath) ? readFileSync(chkPath) : undefined
  return datasetDirOf({ directory, name, defPath, chkPath, defBytes, chkBytes }, options)
}

/** A dataset's files as read, wherever they were read from (a folder, a bucket). */
export interface DatasetFiles {
  directory: string
  name: string
  defPath: string
  chkPath: string
  defBytes: Uint8Array
  /** `undefined` when there is no `.chk`. */
  chkBytes: Uint8Array | undefined
}

/**
 * The dataset whose `.def` and `.chk` were read: parsed and checked as {@link loadDatasetDir} does.
 *
 * @throws HypergolError E_DATASET_INCOMPLETE, E_DEF_INVALID, E_CHK_INVALID, E_CHECKSUM_MISMATCH.
 */
export const datasetDirOf = (files: DatasetFiles, options: LoadDatasetDirOptions = {}): DatasetDir => {
  const { directory, name, defPath, chkPath, defBytes, chkBytes } = files
  // A byte order mark stays, as Buffer's toString kept it: such a file is not the JSON a writer makes.
  const text = new TextDecoder('utf-8', { ignoreBOM: true })
  let chk: ChkEntries | undefined
  if (chkBytes !== undefined) chk = parseChkFile(text.decode(chkBytes), chkPath)
  else if (!options.allowIncomplete) {
    throw new HypergolError(
      'E_DATASET_INCOMPLETE',
      `dataset ${directory} is incomplete: ${name}.chk is missing`,
      {
        hint: 'Its writer crashed or never closed it, so its content cannot be trusted. Delete it and write it again.',
      },
    )
  }
  const { def, tree } = parseDefFile(text.decode(defBytes), defPath)
  const dataset = { directory, name, defPath, chkPath, def, defTree: tree, defBytes, chk, chkBytes }
  // Before the name check: an edited .def is a checksum mismatch first, whatever else it got wrong.
  if (options.verify ?? true) assertDefMatchesChk(dataset)
  if (def.name !== name) {
    throw new HypergolError('E_DEF_INVALID', `${defPath} names the dataset ${JSON.stringify(def.name)}`, {
      hint: `The directory, the .def file and the name inside must agree (${name}).`,
    })
  }
  return dataset
}

/** Branch names hold at most this many `/`-separated parts here: a bound on the search below. */
const MAX_BRANCH_DEPTH = 8

/** The `branch` a dataset's `.def` records, when it can be read. */
const recordedBranchOf = (defPath: string): string | undefined => {
  try {
    const branch = (JSON.parse(readFileSync(defPath, 'utf8')) as { branch?: unknown }).branch
    return typeof branch === 'string' ? branch : undefined
  } catch {
    return undefined
  }
}

/**
 * The other branches holding a dataset `name` under `projectDir` (`<location>/<project>`), as their `.def`
 * records them: a branch `feature/x` nests folders, so the folders that hold `<name>/<name>.def` are
 * searched at any depth and the branch read from the `.def`, never from the folder names.
 */
const findOnOtherBranches = (
  name: string,
  { projectDir, branch }: { projectDir: string; branch: string },
): string[] => {
  const branches = new Set<string>()
  const search = (folder: string, depth: number): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue
      const child = join(folder, entry.name)
      // A dataset folder holds no other datasets: not searched further.
      if (existsSync(defPathOf(child))) {
        const recorded = entry.name === name ? recordedBranchOf(defPathOf(child)) : undefined
        if (recorded !== undefined && recorded !== branch) branches.add(recorded)
      } else if (depth < MAX_BRANCH_DEPTH) search(child, depth + 1)
    }
  }
  search(projectDir, 0)
  return [...branches].sort()
}

/** The chunk files of a loaded dataset, in reading order. */
export const chunkPathsOf = (dataset: DatasetDir): { chunkId: string; file: string; path: string }[] =>
  listChunkIds(dataset.def.chunkCount).map((chunkId) => {
    const file = chunkFileName(dataset.name, chunkId)
    return { chunkId, file, path: fileIn(dataset.directory, file) }
  })

/** The file of chunk `index` of a loaded dataset (without listing all chunks: 4096 of them add up). */
export const chunkPathOf = (
  dataset: DatasetDir,
  index: number,
): { chunkId: string; file: string; path: string } => {
  const chunkId = renderChunkId(index, dataset.def.chunkCount)
  const file = chunkFileName(dataset.name, chunkId)
  return { chunkId, file, path: fileIn(dataset.directory, file) }
}

/**
 * The dataset checksum: SHA-1 of the `.chk` file's bytes (FORMAT.md §9).
 *
 * @throws HypergolError E_DATASET_INCOMPLETE when there is no `.chk`.
 */
export const checksumOf = (dataset: DatasetDir): string => {
  if (dataset.chkBytes === undefined) {
    throw new HypergolError(
      'E_DATASET_INCOMPLETE',
      `dataset ${dataset.directory} has no .chk, so no checksum`,
    )
  }
  // The bytes the entries were parsed from, not a second read of the file: the checksum recorded in a
  // lineage must be that of the .chk the reads are verified against.
  return sha1Hex(dataset.chkBytes)
}
