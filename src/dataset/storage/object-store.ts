/**
 * @module object-store
 * Where a dataset's files live, as the few operations datasets need (issue 21): read an object whole or as a
 * stream, write one whole or not at all, list keys under a prefix, remove. A local folder and an S3 bucket
 * implement it (`local-store.ts`, `s3-store.ts`); `storeOf` picks one from a path or an `s3://` URL. Keys are
 * `/`-separated paths relative to the store's root, as a dataset's files are relative to its data directory.
 */

/** An object found by {@link ObjectStore.list}. */
export interface ListedObject {
  key: string
  size: number
}

export interface ObjectStore {
  /** The root, as the user gave it: a folder or `s3://bucket/prefix`, for messages. */
  readonly location: string
  /** Where `key` is, for messages: a path or an `s3://` URL. */
  describe(key: string): string
  /** The whole object, or `undefined` when there is none. */
  read(key: string): Promise<Uint8Array | undefined>
  /** The object's bytes as they arrive (a chunk file, which may be large); fails when there is none. */
  stream(key: string): ReadableStream<Uint8Array<ArrayBuffer>>
  /** Whether there is an object at `key`. */
  exists(key: string): Promise<boolean>
  /** Writes `bytes` as `key`: a reader sees the old object or the whole new one, never part of it. */
  write(key: string, bytes: Uint8Array | string): Promise<void>
  /** Every object in the folder `prefix` (the files under it, recursively; all of them for ``), by key. */
  list(prefix: string): Promise<ListedObject[]>
  /** Removes `key`; nothing happens when there is none. */
  remove(key: string): Promise<void>
}

/** `a/b` + `c` → `a/b/c`, without doubled or leading slashes. */
export const joinKey = (...parts: string[]): string =>
  parts
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '')
    .join('/')

/** Orders listed objects by key, as byte strings compare (the order S3 lists in). */
export const byKey = (a: ListedObject, b: ListedObject): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0
