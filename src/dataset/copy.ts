/**
 * @module copy
 * `hypergol dataset copy SRC DST`: a dataset copied between a local folder and an S3 bucket, either way
 * (issue 21). Only the files the source's `.chk` names are fetched (a listing is never trusted), each chunk
 * is verified against the `.chk` as it is copied, and the destination is committed as a writer commits: the
 * chunks, then the `.def`, then the `.chk` last, byte for byte the source's, so the copy has the same
 * checksum and verifies. Until its `.chk` is there, the copy is incomplete to every reader; a copy that
 * fails removes what it wrote.
 */
import { rmSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { HypergolError } from '../errors.ts'
import { type ChkEntries, parseChkFile, sha1Hex } from './chk-file.ts'
import { chunkFileName, listChunkIds } from './chunk-id.ts'
import { parseDefFile } from './def-file.ts'
import { createStaging, publishStaging } from './staging.ts'
import { LocalStore } from './storage/local-store.ts'
import { joinKey, type ObjectStore } from './storage/object-store.ts'
import { acquirePublishLock, type PublishLock } from './storage/publish-lock.ts'
import { isS3Url, storeOf } from './storage/store-of.ts'

/** Chunks being transferred at once: 2–4 keep an object store busy without overloading it (SCALE.md §2). */
const IN_FLIGHT = 4

/** A dataset's folder in a store: the store of its parent, and its name. */
interface DatasetPlace {
  store: ObjectStore
  name: string
  /** `name/<file>`: the key of one of its files. */
  key: (file: string) => string
}

/**
 * The dataset folder at `location`: a path, or `s3://bucket/…/NAME`.
 *
 * @throws HypergolError E_INVALID_ARGUMENT for an `s3://` URL naming no folder in its bucket.
 */
const placeOf = (location: string): DatasetPlace => {
  const trimmed = location.replace(/\/+$/, '')
  let parent: string
  if (isS3Url(trimmed)) {
    const parts = trimmed.slice('s3://'.length).split('/')
    if (parts.length < 2 || parts.some((part) => part === '')) {
      throw new HypergolError('E_INVALID_ARGUMENT', `${location}: name the dataset's folder in the bucket`, {
        hint: 'Write it as s3://BUCKET/PREFIX/NAME, where NAME.def and NAME.chk are (or will be).',
      })
    }
    parent = `s3://${parts.slice(0, -1).join('/')}`
  } else parent = dirname(trimmed)
  const name = basename(trimmed)
  return { store: storeOf(parent), name, key: (file) => joinKey(name, file) }
}

/** What a copy did. */
export interface CopyReport {
  source: string
  destination: string
  chunkCount: number
  /** The SHA-1 of the `.chk`: the dataset's checksum, the same on both sides. */
  checksum: string
}

/** Options of {@link copyDataset}. */
export interface CopyOptions {
  /** Called after each chunk, for progress. */
  onChunk?: (done: number, total: number) => void
  /**
   * A Redis URL: a copy into a bucket then holds the destination's publish lock from its check to its
   * commit, so that no other writer holding it can publish there meanwhile (`publish-lock.ts`).
   */
  lock?: string
}

/** The SHA-1 of a gzipped chunk's content (every gzip member, as Python reads them). */
const contentSha1 = async (compressed: Uint8Array, where: string): Promise<string> => {
  const hasher = new Bun.CryptoHasher('sha1')
  try {
    for await (const piece of new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip')))
      hasher.update(piece)
  } catch (error) {
    throw new HypergolError('E_CHUNK_CORRUPT', `${where} is not a complete gzip stream`, {
      cause: error,
      hint: 'The source is damaged; run `hypergol dataset verify` on it and restore it from where it came from.',
    })
  }
  return hasher.digest('hex')
}

const mismatch = (where: string, expected: string | undefined, actual: string, chk: string): HypergolError =>
  new HypergolError(
    'E_CHECKSUM_MISMATCH',
    `${where} has SHA-1 ${actual}, but ${chk} says ${expected ?? '(no entry)'}`,
    {
      hint: 'The source was changed or damaged after it was written; nothing was published at the destination. Restore the source, then copy again.',
    },
  )

/** Reads the source's `.chk` and `.def`, checked against each other. */
const readSourceFacts = async (source: DatasetPlace) => {
  const chkFile = `${source.name}.chk`
  const defFile = `${source.name}.def`
  const [chkBytes, defBytes] = await Promise.all([
    source.store.read(source.key(chkFile)),
    source.store.read(source.key(defFile)),
  ])
  if (defBytes === undefined) {
    throw new HypergolError(
      'E_DATASET_NOT_FOUND',
      `no dataset at ${source.store.describe(source.key(''))}: ${defFile} is missing`,
      {
        hint: 'Give the folder holding NAME.def and NAME.chk (or s3://bucket/prefix/NAME).',
      },
    )
  }
  if (chkBytes === undefined) {
    throw new HypergolError(
      'E_DATASET_INCOMPLETE',
      `${source.store.describe(source.key(defFile))} has no ${chkFile}: its writer never finished`,
      {
        hint: 'Only complete datasets are copied; rebuild it, or delete it.',
      },
    )
  }
  const chkWhere = source.store.describe(source.key(chkFile))
  const chk: ChkEntries = parseChkFile(new TextDecoder().decode(chkBytes), chkWhere)
  const defSha1 = sha1Hex(defBytes)
  if (chk[defFile] !== defSha1)
    throw mismatch(source.store.describe(source.key(defFile)), chk[defFile], defSha1, chkFile)
  const { def } = parseDefFile(new TextDecoder().decode(defBytes), source.store.describe(source.key(defFile)))
  // A .chk naming files that are not the dataset's (as `dataset verify` reports them) is not copied.
  const known = new Set([
    defFile,
    ...listChunkIds(def.chunkCount).map((id) => chunkFileName(source.name, id)),
  ])
  const extra = Object.keys(chk).find((file) => !known.has(file))
  if (extra !== undefined) {
    throw new HypergolError(
      'E_CHK_INVALID',
      `${chkWhere} names ${extra}, which is not part of dataset ${source.name}`,
      {
        hint: `Only whole, verified datasets are copied: run hypergol dataset verify on it, and restore it from where it came from.`,
      },
    )
  }
  return { chk, chkBytes, defBytes, def }
}

/**
 * Copies the chunk files, each verified against the source's `.chk`, {@link IN_FLIGHT} at a time; returns the
 * keys written. After a failure no worker starts another file, and all of them have ended before it is
 * thrown (so that cleaning up after it sees every file written).
 */
const copyFiles = async (
  from: DatasetPlace,
  to: DatasetPlace,
  chk: ChkEntries,
  chunkFiles: string[],
  options: CopyOptions,
  written: string[] = [],
): Promise<string[]> => {
  let next = 0
  let done = 0
  let failed = false
  const copyNext = async (): Promise<void> => {
    for (let index = next++; index < chunkFiles.length && !failed; index = next++) {
      const file = chunkFiles[index] as string
      const where = from.store.describe(from.key(file))
      const bytes = await from.store.read(from.key(file))
      if (bytes === undefined) {
        throw new HypergolError('E_CHUNK_MISSING', `chunk file ${where} is missing`, {
          hint: 'Every chunk file of a dataset must exist; restore the source, then copy again.',
        })
      }
      const actual = await contentSha1(bytes, where)
      if (chk[file] !== actual) throw mismatch(where, chk[file], actual, `${from.name}.chk`)
      if (failed) return
      written.push(to.key(file))
      await to.store.write(to.key(file), bytes)
      options.onChunk?.(++done, chunkFiles.length)
    }
  }
  const workers = Array.from({ length: Math.min(IN_FLIGHT, chunkFiles.length) }, () =>
    copyNext().catch((error: unknown) => {
      failed = true
      throw error
    }),
  )
  const outcomes = await Promise.allSettled(workers)
  const failure = outcomes.find((outcome) => outcome.status === 'rejected')
  if (failure !== undefined) throw failure.reason
  return written
}

/**
 * A copy into a bucket, where no rename publishes: the chunks at their final keys, the `.def`, then the
 * `.chk` last. Just before that commit the destination is checked again; if another copy committed there
 * meanwhile, nothing of this one is removed (the keys are the same files), and it fails.
 */
const copyIntoBucket = async (
  from: DatasetPlace,
  to: DatasetPlace,
  chk: ChkEntries,
  chunkFiles: string[],
  { defBytes, chkBytes, lock }: { defBytes: Uint8Array; chkBytes: Uint8Array; lock: PublishLock | undefined },
  options: CopyOptions,
): Promise<void> => {
  const chkKey = to.key(`${to.name}.chk`)
  const written: string[] = []
  const otherCommitted = async (): Promise<boolean> => to.store.exists(chkKey)
  try {
    await copyFiles(from, to, chk, chunkFiles, options, written)
    written.push(to.key(`${to.name}.def`))
    await to.store.write(to.key(`${to.name}.def`), defBytes)
    await lock?.assertHeld()
    if (await otherCommitted()) {
      throw new HypergolError(
        'E_DATASET_EXISTS',
        `a dataset appeared at ${to.store.describe(to.key(''))} while this copy was made`,
        {
          hint: 'This copy was not committed; the one there is whole (its .chk was written last). Verify it.',
        },
      )
    }
    written.push(chkKey)
    await to.store.write(chkKey, chkBytes)
  } catch (error) {
    const committedByOther = !written.includes(chkKey) && (await otherCommitted().catch(() => true))
    if (!committedByOther) {
      // The .chk first (its write may have landed though it failed): the dataset is incomplete before any
      // file it names goes.
      if (written.includes(chkKey)) await to.store.remove(chkKey).catch(() => undefined)
      await Promise.allSettled(written.filter((key) => key !== chkKey).map((key) => to.store.remove(key)))
    }
    throw error
  }
}

/**
 * Copies the dataset at `source` (its folder, a path or `s3://bucket/…/NAME`) to `destination`, the folder
 * that will hold it, whose last part must be the dataset's name.
 *
 * @throws HypergolError E_DATASET_NOT_FOUND, E_DATASET_INCOMPLETE, E_DATASET_EXISTS, E_INVALID_ARGUMENT,
 *   E_CHECKSUM_MISMATCH, E_CHUNK_MISSING, E_CHUNK_CORRUPT, E_STORAGE, E_IO.
 */
export const copyDataset = async (
  source: string,
  destination: string,
  options: CopyOptions = {},
): Promise<CopyReport> => {
  const from = placeOf(source)
  const to = placeOf(destination)
  if (to.name !== from.name) {
    throw new HypergolError(
      'E_INVALID_ARGUMENT',
      `${destination}: a copy keeps the dataset's name, so the destination must end in /${from.name}`,
      { hint: `Copy to ${destination.replace(/\/+$/, '')}/${from.name} instead.` },
    )
  }
  const { chk, chkBytes, defBytes, def } = await readSourceFacts(from)
  // Held from the check that the destination is free to the commit.
  const lock =
    options.lock !== undefined && isS3Url(destination)
      ? await acquirePublishLock(options.lock, to.store.describe(to.key('')))
      : undefined
  try {
    await copyChecked(from, to, { chk, chkBytes, defBytes, def }, lock, destination, options)
  } finally {
    await lock?.release()
  }
  return {
    source: from.store.describe(from.key('')),
    destination: to.store.describe(to.key('')),
    chunkCount: def.chunkCount,
    checksum: sha1Hex(chkBytes),
  }
}

/** {@link copyDataset} once the source is read (and the destination's lock held, when asked for). */
const copyChecked = async (
  from: DatasetPlace,
  to: DatasetPlace,
  { chk, chkBytes, defBytes, def }: Awaited<ReturnType<typeof readSourceFacts>>,
  lock: PublishLock | undefined,
  destination: string,
  options: CopyOptions,
): Promise<void> => {
  for (const file of [`${to.name}.def`, `${to.name}.chk`]) {
    if (await to.store.exists(to.key(file))) {
      throw new HypergolError(
        'E_DATASET_EXISTS',
        `a dataset is already at ${to.store.describe(to.key(''))} (${file})`,
        {
          hint: 'Nothing was copied. Delete it first, or copy somewhere else.',
        },
      )
    }
  }
  const chunkFiles = listChunkIds(def.chunkCount).map((id) => chunkFileName(from.name, id))
  if (isS3Url(destination)) {
    await copyIntoBucket(from, to, chk, chunkFiles, { defBytes, chkBytes, lock }, options)
  } else {
    // On disk, a copy is published as a writer publishes: into a staging folder, then one rename, which
    // fails if another copy published first.
    const directory = to.store.describe(to.key(''))
    const staging = createStaging(directory, false)
    try {
      const into: DatasetPlace = { store: new LocalStore(staging), name: to.name, key: (file) => file }
      await copyFiles(from, into, chk, chunkFiles, options)
      await into.store.write(`${to.name}.def`, defBytes)
      await into.store.write(`${to.name}.chk`, chkBytes)
      publishStaging(staging, directory)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      throw error
    }
  }
}
