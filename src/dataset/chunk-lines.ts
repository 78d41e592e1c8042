/**
 * @module chunk-lines
 * Streams the lines of one chunk file: gunzip → optional SHA-1 tap over the uncompressed bytes → split on
 * `\n`, as text or as byte ranges. Memory stays bounded by the stream's block size plus the longest line,
 * not the chunk's size.
 */
import { HypergolError } from '../errors.ts'

/**
 * Yields the uncompressed bytes of a gzipped chunk, a block at a time, after passing them to `hasher`.
 *
 * `Bun.gunzipSync` stops after the first gzip member, so we read with `DecompressionStream`, which reads
 * every member, as Python does (FORMAT.md §4, STACK.md §10).
 *
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
async function* readChunkBytes(path: string, hasher?: Bun.CryptoHasher): AsyncGenerator<Uint8Array> {
  const file = Bun.file(path)
  if (!(await file.exists())) {
    throw new HypergolError('E_CHUNK_MISSING', `chunk file ${path} is missing`, {
      hint: 'Every chunk file of a dataset must exist, empty ones included; restore the dataset from its source.',
    })
  }
  const stream = file.stream().pipeThrough(new DecompressionStream('gzip'))
  const iterator = stream[Symbol.asyncIterator]()
  for (;;) {
    let step: IteratorResult<Uint8Array>
    try {
      step = await iterator.next()
    } catch (error) {
      throw new HypergolError('E_CHUNK_CORRUPT', `chunk file ${path} is not a complete gzip stream`, {
        cause: error,
        hint: 'The file is truncated or damaged; run `hypergol dataset verify` and restore the dataset.',
      })
    }
    if (step.done) return
    hasher?.update(step.value)
    yield step.value
  }
}

/**
 * Yields the lines of a gzipped chunk, a block at a time (empty lines included, for line numbers).
 *
 * @param hasher receives every uncompressed byte, for the chunk's SHA-1.
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
export async function* readChunkLines(path: string, hasher?: Bun.CryptoHasher): AsyncGenerator<string[]> {
  const decoder = new TextDecoder()
  let rest = ''
  for await (const bytes of readChunkBytes(path, hasher)) {
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
 * @param hasher receives every uncompressed byte, for the chunk's SHA-1.
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
export async function* readChunkLineBytes(
  path: string,
  hasher?: Bun.CryptoHasher,
): AsyncGenerator<LineBytes> {
  // The unfinished line at the end of the previous blocks, in pieces (joined once, when it ends).
  let pieces: Uint8Array[] = []
  let piecesLength = 0
  for await (const block of readChunkBytes(path, hasher)) {
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
