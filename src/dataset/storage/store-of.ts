/**
 * @module store-of
 * The {@link ObjectStore} a location names: `s3://bucket/prefix` is a bucket (through Bun's S3 client),
 * anything else a local folder.
 */
import { basename, dirname, resolve } from 'node:path'
import { HypergolError } from '../../errors.ts'
import { LocalStore } from './local-store.ts'
import type { ObjectStore } from './object-store.ts'
import { S3Store } from './s3-store.ts'

/** Whether `location` names an S3 bucket. */
export const isS3Url = (location: string): boolean => location.startsWith('s3://')

/**
 * The store at `location`.
 *
 * @throws HypergolError E_INVALID_ARGUMENT for an `s3://` URL without a bucket.
 */
export const storeOf = (location: string): ObjectStore => {
  if (!isS3Url(location)) return new LocalStore(resolve(location))
  const [bucket = '', ...prefix] = location.slice('s3://'.length).split('/')
  if (bucket === '') {
    throw new HypergolError(
      'E_INVALID_ARGUMENT',
      `${location}: an s3:// URL names a bucket, as s3://bucket/prefix`,
      {
        hint: 'Write it as s3://BUCKET or s3://BUCKET/FOLDER.',
      },
    )
  }
  return new S3Store(bucket, prefix.join('/'))
}

/**
 * The store and key of one object named by a full location: `s3://bucket/a/b` is key `a/b` of the bucket,
 * a path the file itself.
 *
 * @throws HypergolError E_INVALID_ARGUMENT for an `s3://` URL without a bucket.
 */
export const objectAt = (location: string): { store: ObjectStore; key: string } => {
  if (!isS3Url(location))
    return { store: new LocalStore(dirname(resolve(location))), key: basename(location) }
  const [bucket = '', ...key] = location.slice('s3://'.length).split('/')
  return { store: storeOf(`s3://${bucket}`), key: key.join('/') }
}
