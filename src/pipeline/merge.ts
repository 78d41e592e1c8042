/**
 * @module merge
 * Merges the jobs' outputs into the output dataset (RUNTIME.md §4): output chunk `c` is job 0's pieces of
 * chunk `c`, then job 1's, … (numeric job order, unlike the original's text sort from 1000 jobs on). The
 * gzip bytes are copied as they are, so the output's bytes do not depend on how many Workers ran the jobs.
 * A chunk that one job filled alone takes that job's SHA-1 and line count; a chunk filled by several jobs
 * is decompressed once, piece by piece, to compute the SHA-1 of the joined content.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import type { BaseData } from '../data/base-data.ts'
import type { ChunkPart } from '../dataset/chunk-sink.ts'
import type { DatasetWriter } from '../dataset/writer.ts'
import { HypergolError } from '../errors.ts'
import type { JobPieces } from './job-output.ts'

const NEWLINE = 0x0a

/**
 * node:zlib, loaded when a chunk filled by several jobs is first decompressed: loading it costs about 8 ms,
 * which every Worker would pay at start-up, since this module is part of hypergol's API graph.
 */
const zlib = (): typeof import('node:zlib') => require('node:zlib')

const countLines = (content: Buffer): number => {
  let count = 0
  for (let at = content.indexOf(NEWLINE); at !== -1; at = content.indexOf(NEWLINE, at + 1)) count++
  return count
}

/** Reads pieces from the jobs' parts files (one per Worker), each opened once. */
class PieceReader {
  private readonly open = new Map<string, number>()

  read(path: string, part: ChunkPart): Buffer {
    let fd = this.open.get(path)
    if (fd === undefined) {
      fd = openSync(path, 'r')
      this.open.set(path, fd)
    }
    const bytes = Buffer.allocUnsafe(part.length)
    readSync(fd, bytes, 0, part.length, part.offset)
    return bytes
  }

  close(): void {
    for (const fd of this.open.values()) closeSync(fd)
    this.open.clear()
  }
}

/**
 * Appends every job's pieces to `writer`, chunk by chunk, in job order.
 *
 * @throws HypergolError E_CHUNK_CORRUPT when a piece is not valid gzip.
 */
export const mergeJobOutputs = <T extends BaseData>(
  writer: DatasetWriter<T>,
  chunkCount: number,
  jobs: readonly JobPieces[],
): void => {
  // Pieces by chunk, keeping job order and, within a job, file order (the order run() appended them).
  const byChunk: { job: JobPieces; part: ChunkPart }[][] = Array.from({ length: chunkCount }, () => [])
  for (const job of jobs) for (const part of job.parts) byChunk[part.chunk]?.push({ job, part })
  const reader = new PieceReader()
  try {
    for (const [chunk, pieces] of byChunk.entries()) {
      const first = pieces[0]
      if (first === undefined) continue
      if (pieces.every((piece) => piece.job === first.job)) {
        const bytes = (function* () {
          for (const { job, part } of pieces) yield reader.read(job.path, part)
        })()
        const facts = first.job.chunks.get(chunk)
        if (facts === undefined)
          throw new Error(`job output ${first.job.path} has pieces of chunk ${chunk} but no facts`)
        writer.adoptChunk(chunk, bytes, facts.sha1, facts.lineCount)
        continue
      }
      for (const { job, part } of pieces) {
        const compressed = reader.read(job.path, part)
        let content: Buffer
        try {
          // node:zlib reads every gzip member (Bun.gunzipSync only the first, STACK.md §10).
          content = zlib().gunzipSync(compressed)
        } catch (error) {
          throw new HypergolError('E_CHUNK_CORRUPT', `job output ${job.path} holds a damaged piece`, {
            cause: error,
          })
        }
        writer.appendChunkContent(chunk, compressed, content, countLines(content))
      }
    }
  } finally {
    reader.close()
  }
}
