/**
 * @module chunk-lines
 * Streams the lines of one chunk file: gunzip → optional SHA-1 tap over the uncompressed bytes → split on
 * `\n`. Memory stays bounded by the stream's block size, not the chunk's size.
 */
import { HypergolError } from '../errors.ts'

/**
 * Yields the non-empty lines of a gzipped chunk, a block at a time.
 *
 * `Bun.gunzipSync` stops after the first gzip member, so we read with `DecompressionStream`, which reads
 * every member, as Python does (FORMAT.md §4, STACK.md §10).
 *
 * @param hasher receives every uncompressed byte, for the chunk's SHA-1.
 * @throws HypergolError E_CHUNK_MISSING when the file does not exist, E_CHUNK_CORRUPT when it is not gzip.
 */
export async function* readChunkLines(path: string, hasher?: Bun.CryptoHasher): AsyncGenerator<string[]> {
  const file = Bun.file(path)
  if (!(await file.exists())) {
    throw new HypergolError('E_CHUNK_MISSING', `chunk file ${path} is missing`, {
      hint: 'Every chunk file of a dataset must exist, empty ones included; restore the dataset from its source.',
    })
  }
  const decoder = new TextDecoder()
  let rest = ''
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
    if (step.done) break
    hasher?.update(step.value)
    const text = rest + decoder.decode(step.value, { stream: true })
    const end = text.lastIndexOf('\n')
    if (end === -1) {
      rest = text
      continue
    }
    rest = text.slice(end + 1)
    const lines = text.slice(0, end).split('\n')
    yield lines
  }
  rest += decoder.decode()
  if (rest !== '') yield [rest]
}
