/**
 * @module dataset-arg
 * The dataset a `hypergol dataset …` command is given: a dataset folder, or its `.def` or `.chk` file. What
 * cannot be read as one gets an error that says what it is instead: a folder holding datasets (a data
 * directory) lists them, an incomplete dataset names the flag that reads it anyway.
 */
import { statSync } from 'node:fs'
import { basename, dirname, relative } from 'node:path'
import { loadDatasetAt } from '../dataset/dataset-at.ts'
import type { DatasetDir, LoadDatasetDirOptions } from '../dataset/dataset-dir.ts'
import { isS3Url } from '../dataset/storage/store-of.ts'
import { findDatasetDirs } from '../dataset/summary.ts'
import { HypergolError } from '../errors.ts'

/** Datasets listed by name in an error about a folder holding them. */
const LISTED = 5

/** `records` for `…/records/records.def` or `…/records/records.chk`; the path itself otherwise. */
const datasetFolderOf = (path: string): string => {
  const file = basename(path)
  const isOwnFile =
    (file.endsWith('.def') || file.endsWith('.chk')) && file.slice(0, -4) === basename(dirname(path))
  return isOwnFile ? dirname(path) : path
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** E_DATASET_NOT_FOUND for a folder that holds datasets rather than being one, or `undefined`. */
const dataRootError = (path: string, command: string): HypergolError | undefined => {
  if (!isFolder(path)) return undefined
  const datasets = findDatasetDirs(path, () => undefined)
  if (datasets.length === 0) return undefined
  const names = datasets.slice(0, LISTED).map((dataset) => relative(path, dataset))
  const more = datasets.length > LISTED ? ` and ${datasets.length - LISTED} more` : ''
  const example = command === 'verify' ? datasets.slice(0, LISTED).join(' ') : datasets[0]
  return new HypergolError(
    'E_DATASET_NOT_FOUND',
    `${path} is not a dataset but a folder holding ${datasets.length} dataset(s): ${names.join(', ')}${more}`,
    {
      hint: `Name a dataset folder, e.g.: hypergol dataset ${command} ${example} (hypergol dataset list ${path} lists them all)`,
    },
  )
}

/**
 * Loads the dataset `path` names for `hypergol dataset <command>`: a folder, its `.def` or `.chk`, or
 * `s3://bucket/…/NAME`.
 *
 * @throws HypergolError as {@link loadDatasetDir}, with the messages above; E_STORAGE for a bucket.
 */
export const loadDatasetArg = async (
  path: string,
  command: 'show' | 'cat' | 'verify',
  options: LoadDatasetDirOptions = {},
): Promise<DatasetDir> => {
  const directory = isS3Url(path) ? path.replace(/\/+$/, '') : datasetFolderOf(path)
  try {
    return await loadDatasetAt(directory, options)
  } catch (error) {
    if (!(error instanceof HypergolError)) throw error
    if (error.code === 'E_DATASET_NOT_FOUND' && !isS3Url(directory))
      throw dataRootError(directory, command) ?? error
    if (error.code === 'E_DATASET_INCOMPLETE') {
      throw new HypergolError(error.code, error.message, {
        cause: error,
        hint:
          command === 'verify'
            ? 'It has nothing to verify against: its writer crashed or never closed it, so its content was never recorded. Delete it and write it again.'
            : `Its writer crashed or never closed it, so its content cannot be trusted: write it again. To look at it anyway: hypergol dataset ${command} ${directory} --allow-incomplete`,
      })
    }
    throw error
  }
}
