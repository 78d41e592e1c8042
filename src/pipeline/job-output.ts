/**
 * @module job-output
 * Where a job's `this.output.append(…)` goes: the objects are checked, routed to the output's chunks and
 * rendered exactly as the dataset writer does, but every chunk's gzip pieces go to one file per job,
 * `<scratch>/<out>_<NNN>.parts`, whose piece list travels back with the job's report. The merge then copies
 * the pieces into the output chunk by chunk, in job order.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { type ChunkPart, ChunkSink, PartsFile } from '../dataset/chunk-sink.ts'
import { ObjectRouter } from '../dataset/object-router.ts'
import { renderJobNumber } from './jobs.ts'
import type { TaskOutput } from './task.ts'

/** One job's output: its parts file, where each chunk's pieces are in it, and each chunk's content. */
export interface JobPieces {
  path: string
  /** In the order written; a chunk's pieces keep the order `run` appended its objects. */
  parts: ChunkPart[]
  /** Per output chunk: the SHA-1 of this job's content for it (that of no bytes when it has none). */
  sha1s: string[]
  /** Per output chunk: this job's objects in it. */
  lineCounts: number[]
}

/** The parts file of job `id` of the task writing `outputName`. */
export const jobPartsPath = (scratchDir: string, outputName: string, id: number): string =>
  join(scratchDir, `${outputName}_${renderJobNumber(id)}.parts`)

/** A job's output: appends objects of the output class into the job's parts file. */
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
    return { path: this.file.path, parts: this.file.parts, sha1s, lineCounts: [...this.sink.counts] }
  }

  /** Drops the job's output. */
  abort(): void {
    try {
      this.file.close()
    } catch {
      // Already closed.
    }
    rmSync(this.file.path, { force: true })
  }
}
