/**
 * @module dataset-at
 * A dataset at a location that may be in a bucket: `s3://bucket/…/NAME` is read through the storage seam
 * (its `.def` and `.chk` fetched by name, never found by listing), a path as a folder on disk. Both give the
 * same `DatasetDir`, checked the same way; chunk reads go to the right place from its paths.
 */
import { readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { HypergolError } from '../errors.ts'
import {
  chkPathOf,
  type DatasetDir,
  datasetDirOf,
  defPathOf,
  type LoadDatasetDirOptions,
  loadDatasetDir,
} from './dataset-dir.ts'
import type { ObjectStore } from './storage/object-store.ts'
import { isS3Url, objectAt, storeOf } from './storage/store-of.ts'

/**
 * Loads the dataset at `location`, a dataset folder or `s3://bucket/…/NAME`.
 *
 * @throws HypergolError as `loadDatasetDir`, and E_STORAGE when the bucket cannot be read.
 */
export const loadDatasetAt = async (
  location: string,
  options: LoadDatasetDirOptions = {},
): Promise<DatasetDir> => {
  if (!isS3Url(location)) return loadDatasetDir(location, options)
  const directory = location.replace(/\/+$/, '')
  const name = basename(directory)
  const defPath = defPathOf(directory)
  const chkPath = chkPathOf(directory)
  const [defBytes, chkBytes] = await Promise.all(
    [defPath, chkPath].map((path) => {
      const { store, key } = objectAt(path)
      return store.read(key)
    }),
  )
  if (defBytes === undefined) {
    throw new HypergolError('E_DATASET_NOT_FOUND', `no dataset at ${directory} (${name}.def not found)`, {
      hint: 'Name the dataset folder in the bucket, as s3://bucket/prefix/NAME, where NAME.def is.',
    })
  }
  return datasetDirOf({ directory, name, defPath, chkPath, defBytes, chkBytes }, options)
}

/** The store holding the dataset folder `directory` (`s3://…/NAME`), and the folder's key in it. */
const folderIn = (directory: string): { store: ObjectStore; folder: string } => {
  const { store, key } = objectAt(directory.replace(/\/+$/, ''))
  return { store, folder: key }
}

/** Bytes of all the files of the dataset at `directory`: on disk, or in a bucket (one listing). */
export const sizeOfDatasetAt = async (directory: string): Promise<number> => {
  if (!isS3Url(directory))
    return readdirSync(directory).reduce((total, file) => total + statSync(join(directory, file)).size, 0)
  const { store, folder } = folderIn(directory)
  return (await store.list(folder)).reduce((total, object) => total + object.size, 0)
}

/**
 * Every dataset folder (one holding `<its name>.def`) in the bucket folder `root` (`s3://bucket/prefix`),
 * from one listing, sorted.
 */
export const findDatasetsInBucket = async (root: string): Promise<string[]> => {
  const trimmed = root.replace(/\/+$/, '')
  const store = storeOf(trimmed)
  const found: string[] = []
  for (const { key } of await store.list('')) {
    const parts = key.split('/')
    const folder = parts.at(-2)
    if (folder !== undefined && parts.at(-1) === `${folder}.def`)
      found.push(`${trimmed}/${parts.slice(0, -1).join('/')}`)
  }
  return found.sort()
}
