/**
 * @module dataset-dir
 * A dataset as a directory on disk, without a data class: its `.def`, its `.chk` and its chunk files. The
 * typed `Dataset` and the `dataset` CLI commands both stand on this.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { HypergolError } from '../errors.ts'
import { type ChkEntries, parseChkFile, sha1Hex } from './chk-file.ts'
import { chunkFileName, listChunkIds, renderChunkId } from './chunk-id.ts'
import { type DatasetDef, type JsonObject, parseDefFile } from './def-file.ts'
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
  defText: string
  chk: ChkEntries | undefined
  chkText: string | undefined
}

/** Options of {@link loadDatasetDir}. */
export interface LoadDatasetDirOptions {
  /**
   * Accept a dataset without a `.chk` (written by a crashed or unclosed writer, or still being written).
   * @default false
   */
  allowIncomplete?: boolean
}

/** The `.def` path of the dataset at `directory` (named after the directory). */
export const defPathOf = (directory: string): string => join(directory, `${basename(directory)}.def`)

/** The `.chk` path of the dataset at `directory`. */
export const chkPathOf = (directory: string): string => join(directory, `${basename(directory)}.chk`)

/**
 * Loads the `.def` (and `.chk`) of the dataset at `directory`, the folder holding `NAME.def`.
 *
 * @throws HypergolError E_DATASET_NOT_FOUND, E_DATASET_INCOMPLETE, E_DEF_INVALID, E_CHK_INVALID.
 */
export const loadDatasetDir = (directory: string, options: LoadDatasetDirOptions = {}): DatasetDir => {
  const name = basename(directory)
  const defPath = defPathOf(directory)
  const chkPath = chkPathOf(directory)
  if (!existsSync(defPath)) {
    const leftover = findStagingLeftovers(directory)[0]
    throw new HypergolError('E_DATASET_NOT_FOUND', `no dataset at ${directory} (${name}.def not found)`, {
      hint: leftover
        ? `A write of it ${leftover.alive ? 'is in progress' : 'was interrupted'}: ${leftover.path}`
        : 'A dataset directory is the folder holding NAME.def; check the path (hypergol dataset list DIR).',
    })
  }
  const defText = readFileSync(defPath, 'utf8')
  const { def, tree } = parseDefFile(defText, defPath)
  if (def.name !== name) {
    throw new HypergolError('E_DEF_INVALID', `${defPath} names the dataset ${JSON.stringify(def.name)}`, {
      hint: `The directory, the .def file and the name inside must agree (${name}).`,
    })
  }
  let chk: ChkEntries | undefined
  let chkText: string | undefined
  if (existsSync(chkPath)) {
    chkText = readFileSync(chkPath, 'utf8')
    chk = parseChkFile(chkText, chkPath)
  } else if (!options.allowIncomplete) {
    throw new HypergolError(
      'E_DATASET_INCOMPLETE',
      `dataset ${directory} is incomplete: ${name}.chk is missing`,
      {
        hint: 'Its writer crashed or never closed it, so its content cannot be trusted. Delete it and write it again.',
      },
    )
  }
  return { directory, name, defPath, chkPath, def, defTree: tree, defText, chk, chkText }
}

/** The chunk files of a loaded dataset, in reading order. */
export const chunkPathsOf = (dataset: DatasetDir): { chunkId: string; file: string; path: string }[] =>
  listChunkIds(dataset.def.chunkCount).map((chunkId) => {
    const file = chunkFileName(dataset.name, chunkId)
    return { chunkId, file, path: join(dataset.directory, file) }
  })

/** The file of chunk `index` of a loaded dataset (without listing all chunks: 4096 of them add up). */
export const chunkPathOf = (
  dataset: DatasetDir,
  index: number,
): { chunkId: string; file: string; path: string } => {
  const chunkId = renderChunkId(index, dataset.def.chunkCount)
  const file = chunkFileName(dataset.name, chunkId)
  return { chunkId, file, path: join(dataset.directory, file) }
}

/**
 * The dataset checksum: SHA-1 of the `.chk` file's bytes (FORMAT.md §9).
 *
 * @throws HypergolError E_DATASET_INCOMPLETE when there is no `.chk`.
 */
export const checksumOf = (dataset: DatasetDir): string => {
  if (dataset.chkText === undefined) {
    throw new HypergolError(
      'E_DATASET_INCOMPLETE',
      `dataset ${dataset.directory} has no .chk, so no checksum`,
    )
  }
  // Hash the file's bytes, not the decoded text: a damaged .chk must not get a checksum it does not have.
  return sha1Hex(readFileSync(dataset.chkPath))
}
