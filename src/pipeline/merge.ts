/**
 * @module merge
 * Merges the jobs' temporary datasets into the output (RUNTIME.md §4): output chunk `c` is chunk `c` of
 * job 0, then of job 1, … (numeric job order, unlike the original's text sort from 1000 jobs on). The gzip
 * bytes are copied as they are; each piece is decompressed once, only to extend the chunk's SHA-1. So the
 * output's bytes do not depend on how many Workers ran the jobs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { BaseData } from '../data/base-data.ts'
import { type ChunkCount, chunkFileName, listChunkIds } from '../dataset/chunk-id.ts'
import type { DatasetWriter } from '../dataset/writer.ts'
import { HypergolError } from '../errors.ts'
import { jobDatasetName } from './run-job.ts'

const NEWLINE = 0x0a

const countLines = (content: Buffer): number => {
  let count = 0
  for (let at = content.indexOf(NEWLINE); at !== -1; at = content.indexOf(NEWLINE, at + 1)) count++
  return count
}

/**
 * Appends every job's output to `writer`, chunk by chunk in job order.
 *
 * @param jobCount jobs 0 … jobCount−1, each with a complete temporary dataset under `scratchDir`.
 * @param onChunk called after each output chunk, with the number of chunks done.
 * @throws HypergolError E_CHUNK_CORRUPT when a job's chunk is not valid gzip.
 */
export const mergeJobOutputs = <T extends BaseData>(
  writer: DatasetWriter<T>,
  outputName: string,
  chunkCount: ChunkCount,
  scratchDir: string,
  jobCount: number,
  onChunk?: (done: number) => void,
): void => {
  const chunkIds = listChunkIds(chunkCount)
  for (const [index, chunkId] of chunkIds.entries()) {
    for (let job = 0; job < jobCount; job++) {
      const name = jobDatasetName(outputName, job)
      const path = join(scratchDir, name, chunkFileName(name, chunkId))
      const compressed = readFileSync(path)
      let content: Buffer
      try {
        // node:zlib reads every gzip member (Bun.gunzipSync only the first, STACK.md §10).
        content = gunzipSync(compressed)
      } catch (error) {
        throw new HypergolError('E_CHUNK_CORRUPT', `job output ${path} is not valid gzip`, { cause: error })
      }
      writer.appendChunkContent(index, compressed, content, countLines(content))
    }
    onChunk?.(index + 1)
  }
}
