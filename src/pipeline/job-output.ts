/**
 * @module job-output
 * Where a job's `this.output.append(…)` goes: the objects are checked, routed to the output's chunks and
 * rendered exactly as the dataset writer does, but every chunk's gzip pieces are appended to one file per
 * Worker, `<scratch>/<out>_worker<N>.parts`, and the places of the job's pieces travel back with its report.
 * The merge then copies the pieces into the output chunk by chunk, in job order.
 */
import { join } from 'node:path'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { type ChunkPart, ChunkSink, PartsFile } from '../dataset/chunk-sink.ts'
import { ObjectRouter } from '../dataset/object-router.ts'
import type { TaskOutput } from './task.ts'

/** One job's output: its parts file, where each chunk's pieces are in it, and each chunk's content. */
export interface JobPieces {
  path: string
  /** In the order written; a chunk's pieces keep the order `run` appended its objects. */
  parts: ChunkPart[]
  /**
   * The output chunks this job wrote to, each with the SHA-1 of this job's content for it and its object
   * count. Only those: with 4096 output chunks, a job that writes to one would otherwise send 4096 hashes.
   */
  chunks: Map<number, JobChunkFacts>
}

/** What a job wrote to one output chunk. */
interface JobChunkFacts {
  sha1: string
  lineCount: number
}

/** The parts file of Worker `index` of the task writing `outputName`. */
export const workerPartsPath = (scratchDir: string, outputName: string, index: number): string =>
  join(scratchDir, `${outputName}_worker${index}.parts`)

/** A job's output: appends objects of the output class to its Worker's parts file. */
export class JobOutput<T extends BaseData> implements TaskOutput<T> {
  private readonly file: PartsFile
  private readonly sink: ChunkSink
  private readonly router: ObjectRouter<T>

  constructor(dataClass: DataClassOf<T>, outputName: string, chunkCount: number, path: string) {
    this.file = new PartsFile(path)
    // Each chunk's SHA-1 is kept, so that a chunk this job fills alone needs no decompression at the merge.
    this.sink = new ChunkSink(chunkCount, this.file)
    this.router = new ObjectRouter(dataClass, outputName, chunkCount, this.sink)
  }

  append(object: T): void {
    this.router.append(object)
  }

  get count(): number {
    return this.router.count
  }

  /** Writes what is pending and returns where each chunk's pieces are in the file, and each chunk's facts. */
  close(): JobPieces {
    const sha1s = this.sink.finish()
    this.file.close()
    const chunks = new Map<number, JobChunkFacts>()
    for (const [chunk, lineCount] of this.sink.counts.entries()) {
      if (lineCount > 0) chunks.set(chunk, { sha1: sha1s[chunk] as string, lineCount })
    }
    return { path: this.file.path, parts: this.file.parts, chunks }
  }

  /** Drops the job's output; the parts file is left as the job found it. */
  abort(): void {
    this.file.discard()
  }
}
