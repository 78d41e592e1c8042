/**
 * @module chunk-lines
 * Streams the lines of one chunk file: gunzip → optional SHA-1 tap over the uncompressed bytes → split on
 * `\n`, as text or as byte ranges. Memory stays bounded by the stream's block size plus the longest line,
 * not the chunk's size.
 */
import { HypergolError } from '../errors.ts'
import { existsOrThrow, osErrorOf } from '../os-error.ts'
import {
  type ChunkPrefetch,
  ChunkReadWorkerFailed,
  prefetchChunk,
  readChunkInBackground,
  readsInBackground,
} from './background-chunk-read.ts'
import type { ChunkReadFailure } from './chunk-read-messages.ts'
import { isS3Error, storageError } from './storage/s3-store.ts'
import { isS3Url, objectAt } from './storage/store-of.ts'

/**
 * Where a chunk's reader leaves the SHA-1 of its uncompressed content once it has read the whole file; pass
 * one to have the chunk hashed.
 */
export interface ChunkDigest {
  sha1: string | undefined
}

/** How to read one chunk file. */
export interface ChunkReadOptions {
  /** Receives the SHA-1 of the chunk's uncompressed content once it is read to its end. */
  digest?: ChunkDigest
  /** The read of this file its reader started early ({@link prefetchChunkFile}), if any. */
  prefetched?: ChunkPrefetch
}

const chunkMissing = (path: string): HypergolError =>
  new HypergolError('E_CHUNK_MISSING', `chunk file ${path} is missing`, {
    hint: 'Every chunk file of a dataset must exist, empty ones included; restore the dataset from its source.',
  })

const chunkCorrupt = (path: string, cause: unknown): HypergolError =>
  new HypergolError('E_CHUNK_CORRUPT', `chunk file ${path} is not a complete gzip stream`, {
    cause,
    hint: 'The file is truncated or damaged; run `hypergol dataset verify` and restore the dataset.',
  })

/** A failure the chunk-read Worker reported, as the error the inline read would have thrown. */
const backgroundFailure =
  (path: string) =>
  (reason: ChunkReadFailure, message: string, code: string | undefined): HypergolError =>
    reason === 'missing'
      ? chunkMissing(path)
      : reason === 'corrupt'
        ? chunkCorrupt(path, new Error(message))
        : (osErrorOf(Object.assign(new Error(message), { code }), path, 'read') ??
          new HypergolError(
            'E_IO',
            `cannot read chunk file ${path}: ${message}${code === undefined ? '' : ` (${code})`}`,
          ))

/**
 * Yields the uncompressed bytes of a gzipped chunk, a block at a time, and leaves their SHA-1 in `digest`
 * at the end. Large files read from the main thread are decompressed and hashed on a second core
 * (`background-chunk-read.ts`).
 *
 * `Bun.gunzipSync` stops after the first gzip member, so we read with `DecompressionStream`, which reads
 * every member, as Python does (FORMAT.md §4, STACK.md §10). Tried and measured slower: reading a whole
 * file with `Bun.gunzipSync` and keeping the result only when it hashes to the `.chk`'s SHA-1 is twice as
 * fast alone, but made a verified read in a pipeline Worker 25–30% slower than this stream, whose
 * decompression runs off the JavaScript thread in small reused blocks.
 *
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
async function* readChunkBytes(path: string, options: ChunkReadOptions): AsyncGenerator<Uint8Array> {
  const { digest, prefetched } = options
  if (isS3Url(path)) {
    const fetched = prefetched instanceof BucketPrefetch ? prefetched.bytesOf(path) : undefined
    if (fetched === undefined) prefetched?.cancel()
    yield* readBucketChunkBytes(path, digest, fetched)
    return
  }
  if (!existsOrThrow(path)) {
    prefetched?.cancel()
    throw chunkMissing(path)
  }
  const file = Bun.file(path)
  if (readsInBackground(file.size)) {
    const background = readChunkInBackground(path, digest !== undefined, backgroundFailure(path), prefetched)
    let handedOver = false
    try {
      for (;;) {
        const step = await background.next()
        if (step.done) {
          if (digest !== undefined) digest.sha1 = step.value
          return
        }
        handedOver = true
        yield step.value
      }
    } catch (error) {
      // The Worker itself failed: read the file again here, unless some of it was handed over already.
      if (!(error instanceof ChunkReadWorkerFailed) || handedOver) throw error
    } finally {
      await background.return(undefined)
    }
  } else {
    prefetched?.cancel()
  }
  const hasher = digest === undefined ? undefined : new Bun.CryptoHasher('sha1')
  const stream = file.stream().pipeThrough(new DecompressionStream('gzip'))
  const iterator = stream[Symbol.asyncIterator]()
  for (;;) {
    let step: IteratorResult<Uint8Array>
    try {
      step = await iterator.next()
    } catch (error) {
      throw osErrorOf(error, path, 'read') ?? chunkCorrupt(path, error)
    }
    if (step.done) break
    hasher?.update(step.value)
    yield step.value
  }
  if (digest !== undefined && hasher !== undefined) digest.sha1 = hasher.digest('hex')
}

/**
 * {@link readChunkBytes} for a chunk in a bucket (`s3://…`): streamed from the object store (Bun's client
 * fetches off the JavaScript thread) through gunzip and the SHA-1 tap. A stream that fails part-way is not
 * retried, since part of it was handed over: the read fails with E_STORAGE.
 */
async function* readBucketChunkBytes(
  url: string,
  digest: ChunkDigest | undefined,
  fetched: Promise<Uint8Array | undefined> | undefined,
): AsyncGenerator<Uint8Array> {
  const { store, key } = objectAt(url)
  const hasher = digest === undefined ? undefined : new Bun.CryptoHasher('sha1')
  let source: ReadableStream<Uint8Array<ArrayBuffer>>
  if (fetched === undefined) source = store.stream(key)
  else {
    const bytes = await fetched
    if (bytes === undefined) throw chunkMissing(url)
    source = new Blob([bytes]).stream()
  }
  const iterator = source.pipeThrough(new DecompressionStream('gzip'))[Symbol.asyncIterator]()
  try {
    for (;;) {
      let step: IteratorResult<Uint8Array>
      try {
        step = await iterator.next()
      } catch (error) {
        if (!isS3Error(error)) throw chunkCorrupt(url, error)
        throw (error as { code?: unknown }).code === 'NoSuchKey'
          ? chunkMissing(url)
          : storageError(error, url, 'read')
      }
      if (step.done) break
      hasher?.update(step.value)
      yield step.value
    }
  } finally {
    // A reader that stops early (a limit, an error of its own) closes the response, rather than leaving it
    // open until it is collected.
    await iterator.return?.().catch(() => undefined)
  }
  if (digest !== undefined && hasher !== undefined) digest.sha1 = hasher.digest('hex')
}

/**
 * Starts reading the chunk file at `path` ahead of its reader (when it would be read on the second core):
 * readers of a whole dataset do this for the next chunk as they start one, then pass the prefetch to the
 * read of that chunk, or cancel it if they stop before.
 */
export const prefetchChunkFile = (path: string, hash: boolean): ChunkPrefetch | undefined =>
  isS3Url(path) ? new BucketPrefetch(path) : prefetchChunk(path, Bun.file(path).size, hash)

/**
 * A chunk in a bucket fetched whole while its reader parses the previous one: the transfer, tens of
 * milliseconds a chunk, overlaps the work instead of following it. Failures surface when it is read.
 */
class BucketPrefetch implements ChunkPrefetch {
  private bytes: Promise<Uint8Array | undefined> | undefined

  constructor(private readonly url: string) {
    const { store, key } = objectAt(url)
    const bytes = store.read(key)
    // Observed now: a prefetch dropped before its failure is read must not be an unhandled rejection.
    bytes.catch(() => undefined)
    this.bytes = bytes
  }

  /** The fetched bytes of `url`, once (undefined for another file, or after they were taken). */
  bytesOf(url: string): Promise<Uint8Array | undefined> | undefined {
    const bytes = url === this.url ? this.bytes : undefined
    this.bytes = undefined
    return bytes
  }

  cancel(): void {
    this.bytes = undefined
  }

  take(): undefined {
    return undefined
  }
}

/**
 * Yields the lines of a gzipped chunk, a block at a time (empty lines included, for line numbers).
 *
 * @param options the digest to fill in, and the prefetched read of the file.
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
export async function* readChunkLines(
  path: string,
  options: ChunkReadOptions = {},
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder()
  let rest = ''
  for await (const bytes of readChunkBytes(path, options)) {
    const text = rest + decoder.decode(bytes, { stream: true })
    const end = text.lastIndexOf('\n')
    if (end === -1) {
      rest = text
      continue
    }
    rest = text.slice(end + 1)
    yield text.slice(0, end).split('\n')
  }
  rest += decoder.decode()
  if (rest !== '') yield [rest]
}

/**
 * Uncompressed chunk bytes holding whole lines: `bytes[start, end)` is a run of lines, each ended by `\n`
 * except the chunk's last line when the file does not end with one.
 */
export interface LineBytes {
  bytes: Buffer
  start: number
  end: number
}

const NEWLINE = 0x0a

/**
 * Yields the lines of a gzipped chunk as byte ranges, for parsers that read bytes. A line cut by a block
 * boundary is joined into its own small buffer; everything else is a view on the decompressed block.
 *
 * @param options the digest to fill in, and the prefetched read of the file.
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
export async function* readChunkLineBytes(
  path: string,
  options: ChunkReadOptions = {},
): AsyncGenerator<LineBytes> {
  // The unfinished line at the end of the previous blocks, in pieces (joined once, when it ends).
  let pieces: Uint8Array[] = []
  let piecesLength = 0
  for await (const block of readChunkBytes(path, options)) {
    const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength)
    const first = bytes.indexOf(NEWLINE)
    if (first === -1) {
      // Copied: a kept piece must not depend on the stream leaving its block alone.
      pieces.push(Buffer.from(bytes))
      piecesLength += bytes.length
      continue
    }
    let start = 0
    if (piecesLength > 0) {
      pieces.push(bytes.subarray(0, first + 1))
      const joined = Buffer.concat(pieces, piecesLength + first + 1)
      yield { bytes: joined, start: 0, end: joined.length }
      pieces = []
      piecesLength = 0
      start = first + 1
    }
    const last = bytes.lastIndexOf(NEWLINE)
    if (last >= start) yield { bytes, start, end: last + 1 }
    if (last + 1 < bytes.length) {
      pieces.push(Buffer.from(bytes.subarray(last + 1)))
      piecesLength += bytes.length - last - 1
    }
  }
  if (piecesLength > 0) {
    const joined = Buffer.concat(pieces, piecesLength)
    yield { bytes: joined, start: 0, end: joined.length }
  }
}
