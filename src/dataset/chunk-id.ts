/**
 * @module chunk-id
 * Valid chunk counts and chunk ids (FORMAT.md §2): the chunk index in lower-case hex, zero-padded to 1, 2
 * or 3 digits for 16, 256 or 4096 chunks.
 */
import { HypergolError } from '../errors.ts'

/** The only chunk counts the format allows. */
export const CHUNK_COUNTS = [16, 256, 4096] as const
export type ChunkCount = (typeof CHUNK_COUNTS)[number]

/**
 * Checks a chunk count up front, before any file is touched (the original only failed on first use).
 *
 * @throws HypergolError E_CHUNK_COUNT for anything but 16, 256 or 4096.
 */
export function assertChunkCount(value: unknown, where = 'chunkCount'): asserts value is ChunkCount {
  if (!CHUNK_COUNTS.includes(value as ChunkCount)) {
    throw new HypergolError(
      'E_CHUNK_COUNT',
      `${where} must be 16, 256 or 4096, got ${JSON.stringify(value)}`,
      {
        hint: 'Pick 16 for small datasets, 256 or 4096 for large ones (more chunks = more parallel jobs).',
      },
    )
  }
}

const digitsOf = (chunkCount: ChunkCount): number => (chunkCount === 16 ? 1 : chunkCount === 256 ? 2 : 3)

/** The chunk id of chunk `index`: `a` of 16, `0f` of 256, `fff` of 4096. */
export const renderChunkId = (index: number, chunkCount: ChunkCount): string =>
  index.toString(16).padStart(digitsOf(chunkCount), '0')

/** Every chunk id of a dataset, in reading order. */
export const listChunkIds = (chunkCount: ChunkCount): string[] =>
  Array.from({ length: chunkCount }, (_, index) => renderChunkId(index, chunkCount))

/** The file name of a chunk: `<name>_<chunkId>.jsonl.gz`. */
export const chunkFileName = (name: string, chunkId: string): string => `${name}_${chunkId}.jsonl.gz`
