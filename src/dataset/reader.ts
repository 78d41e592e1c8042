/**
 * @module reader
 * Streams the objects of a dataset in reading order (FORMAT.md §10): chunk id order, then line order.
 * Verifies each chunk's SHA-1 against the `.chk` as it is read (FORMAT.md §12), unless told not to; the
 * `.def` was checked against the `.chk` when the dataset was loaded.
 */

import { canonicalParserOf } from '../data/codegen-parse.ts'
import { decodeLine, fastLineDecoderOf } from '../data/decode-line.ts'
import type { FieldMap } from '../data/field.ts'
import type { BuildInstance } from '../data/read-data.ts'
import type { ChunkPrefetch } from './background-chunk-read.ts'
import {
  type ChunkDigest,
  type ChunkReadOptions,
  prefetchChunkFile,
  readChunkLineBytes,
  readChunkLines,
} from './chunk-lines.ts'
import { chunkPathOf, chunkPathsOf, type DatasetDir } from './dataset-dir.ts'
import { assertChunkDigest } from './integrity.ts'

/** Options of reading a dataset. */
export interface ReadOptions {
  /**
   * Hash every chunk while reading and fail at the end of a chunk whose SHA-1 differs from the `.chk`
   * (E_CHECKSUM_MISMATCH, before the next chunk's first object). Turn it off only to read a dataset you
   * know to be damaged: nothing read then is checked. A dataset read with `allowIncomplete` has no `.chk`,
   * so its chunks cannot be checked.
   * @default true
   */
  verify?: boolean
}

const NEWLINE = 0x0a

/** Where a line sits, for messages: `…/records_3.jsonl.gz line 12`. */
const locate = (path: string, lineNumber: number): string => `${path} line ${lineNumber}`

/**
 * Yields what `readLines` yields for one chunk (empty lines included, for line numbers), checking the
 * chunk's SHA-1 at its end when asked.
 */
async function* readChunk<T>(
  dataset: DatasetDir,
  chunk: { file: string; path: string },
  verify: boolean,
  readLines: (path: string, options: ChunkReadOptions) => AsyncGenerator<T>,
  prefetched: ChunkPrefetch | undefined,
): AsyncGenerator<T> {
  const digest: ChunkDigest | undefined = verify ? { sha1: undefined } : undefined
  yield* readLines(chunk.path, { digest, prefetched })
  if (digest !== undefined) assertChunkDigest(dataset, chunk, digest.sha1 ?? '(not computed)')
}

/** Whether chunks are checked: unless turned off, whenever there is a `.chk` to check them against. */
const shouldVerify = (dataset: DatasetDir, options: ReadOptions): boolean =>
  (options.verify ?? true) && dataset.chk !== undefined

/** The UTF-8 byte order mark, which a text decoder drops at the start of a chunk. */
const isByteOrderMark = (bytes: Buffer, at: number): boolean =>
  bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf

/** Reads a chunk to its end; its generator throws E_CHECKSUM_MISMATCH there when the SHA-1 differs. */
const drainChunk = async (rest: AsyncGenerator<unknown>): Promise<void> => {
  for (;;) if ((await rest.next()).done) return
}

/**
 * Yields the objects of one chunk, a block at a time.
 *
 * @throws HypergolError E_CHECKSUM_MISMATCH (with verify), E_CHUNK_MISSING, E_CHUNK_CORRUPT, or a data error
 *   naming the file, the line and the field.
 */
export async function* readChunkObjects(
  dataset: DatasetDir,
  chunkIndex: number,
  fields: FieldMap,
  build: BuildInstance,
  options: ReadOptions = {},
  prefetched?: ChunkPrefetch,
): AsyncGenerator<object[]> {
  if (!(chunkIndex >= 0 && chunkIndex < dataset.def.chunkCount)) {
    throw new RangeError(`chunk index ${chunkIndex} out of range`)
  }
  const chunk = chunkPathOf(dataset, chunkIndex)
  // Three ways down, each taking only what the previous one declined: canonical lines straight from their
  // bytes, then JSON.parse of the text, then the full decoder (exact integers, NaN, or an error to explain).
  const parseCanonical = canonicalParserOf(fields)
  const decodeFast = fastLineDecoderOf(fields, build)
  // Lines are decoded one by one, so the byte order mark only counts at the start of the chunk (handled
  // below), exactly as one decoder over the whole chunk would see it.
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
  let lineNumber = 0
  const verify = shouldVerify(dataset, options)
  const lineBlocks = readChunk(dataset, chunk, verify, readChunkLineBytes, prefetched)
  for await (const { bytes, start, end } of lineBlocks) {
    const objects: object[] = []
    let at = start
    try {
      while (at < end) {
        let lineEnd = bytes.indexOf(NEWLINE, at)
        if (lineEnd === -1 || lineEnd > end) lineEnd = end
        lineNumber++
        if (lineNumber === 1 && isByteOrderMark(bytes, at)) at += 3
        if (lineEnd > at) {
          let object = parseCanonical?.(bytes, at, lineEnd, build)
          if (object === undefined) {
            const line = utf8.decode(bytes.subarray(at, lineEnd))
            object = decodeFast(line) ?? decodeLine(fields, build, line, locate(chunk.path, lineNumber))
          }
          objects.push(object)
        }
        at = lineEnd + 1
      }
    } catch (error) {
      // A changed byte often breaks the line before the chunk's end is reached; with verify on, the
      // checksum mismatch is the real cause, so finish hashing the chunk and report that if it differs.
      if (verify) await drainChunk(lineBlocks)
      throw error
    }
    yield objects
  }
}

/** Yields every object of a dataset in reading order, a block at a time. */
export async function* readDatasetObjects(
  dataset: DatasetDir,
  fields: FieldMap,
  build: BuildInstance,
  options: ReadOptions = {},
): AsyncGenerator<object[]> {
  const chunkCount = dataset.def.chunkCount
  const verify = shouldVerify(dataset, options)
  // The next chunk is read ahead while this one is parsed; whichever prefetch is not taken over when the
  // reader stops is dropped.
  let current: ChunkPrefetch | undefined
  let ahead: ChunkPrefetch | undefined
  try {
    for (let index = 0; index < chunkCount; index++) {
      current = ahead
      ahead =
        index + 1 < chunkCount ? prefetchChunkFile(chunkPathOf(dataset, index + 1).path, verify) : undefined
      yield* readChunkObjects(dataset, index, fields, build, options, current)
    }
  } finally {
    current?.cancel()
    ahead?.cancel()
  }
}

/** A block of raw lines of one chunk; `firstLineNumber` is the 1-based number of `lines[0]` in its file. */
export interface LineBlock {
  path: string
  firstLineNumber: number
  /** Lines as stored, without `\n`; may contain empty strings, which readers skip. */
  lines: string[]
}

/**
 * Yields every line of a dataset in reading order without a data class (schema-free), a block at a time.
 */
export async function* readDatasetLines(
  dataset: DatasetDir,
  options: ReadOptions = {},
): AsyncGenerator<LineBlock> {
  const verify = shouldVerify(dataset, options)
  const chunks = chunkPathsOf(dataset)
  let current: ChunkPrefetch | undefined
  let ahead: ChunkPrefetch | undefined
  try {
    for (const [index, chunk] of chunks.entries()) {
      const next = chunks[index + 1]
      current = ahead
      ahead = next === undefined ? undefined : prefetchChunkFile(next.path, verify)
      let firstLineNumber = 1
      for await (const lines of readChunk(dataset, chunk, verify, readChunkLines, current)) {
        yield { path: chunk.path, firstLineNumber, lines }
        firstLineNumber += lines.length
      }
    }
  } finally {
    current?.cancel()
    ahead?.cancel()
  }
}
