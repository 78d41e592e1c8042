/**
 * @module dataset-at
 * A dataset at a location that may be in a bucket: `s3://bucket/…/NAME` is read through the storage seam
 * (its `.def` and `.chk` fetched by name, never found by listing), a path as a folder on disk. Both give the
 * same `DatasetDir`, checked the same way; chunk reads go to the right place from its paths.
 */
import { basename } from 'node:path'
import { HypergolError } from '../errors.ts'
import {
  chkPathOf,
  type DatasetDir,
  datasetDirOf,
  defPathOf,
  type LoadDatasetDirOptions,
  loadDatasetDir,
} from './dataset-dir.ts'
import { isS3Url, objectAt } from './storage/store-of.ts'

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
