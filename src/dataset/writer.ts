/**
 * @module writer
 * `DatasetWriter`: appends data objects to a dataset being built in a staging directory and publishes it
 * atomically on `close()` (FORMAT.md §12). Until then nothing exists at the dataset's path.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { HypergolError } from '../errors.ts'
import { writingTo } from '../os-error.ts'
import { timed } from '../timings.ts'
import { renderChkFile, sha1Hex } from './chk-file.ts'
import { type ChunkCount, chunkFileName, listChunkIds } from './chunk-id.ts'
import { ChunkFiles, ChunkSink } from './chunk-sink.ts'
import { chkPathOf } from './dataset-dir.ts'
import { type DatasetDef, renderDefFile } from './def-file.ts'
import { ObjectRouter } from './object-router.ts'
import { createStaging, fsyncPath, publishStaging } from './staging.ts'

/** What a closed writer published. */
export interface WriteResult {
  directory: string
  objectCount: number
  /** SHA-1 of the `.chk`: the dataset checksum dependants record. */
  checksum: string
}

/** Options of {@link openDatasetWriter}. */
export interface OpenWriterOptions {
  /**
   * Remove what an interrupted earlier write left behind (a staging directory of a dead process, or a
   * dataset without `.chk`). A complete dataset is never overwritten.
   * @default false
   */
  force?: boolean
  /**
   * Replace a complete dataset at the same path (what `hypergol run --rebuild` does). The old dataset stays
   * in place until the new one is complete, and is then swapped out and deleted.
   * @default false
   */
  replace?: boolean
}

const assertWritable = (directory: string, force: boolean, replace: boolean): void => {
  if (!existsSync(directory)) return
  if (existsSync(chkPathOf(directory))) {
    if (replace) return
    throw new HypergolError('E_DATASET_EXISTS', `dataset ${directory} already exists`, {
      hint: 'Datasets are never overwritten: choose another name, or delete it first.',
    })
  }
  if (readdirSync(directory).length === 0) return
  if (!force) {
    throw new HypergolError('E_DATASET_INCOMPLETE', `${directory} holds an incomplete dataset (no .chk)`, {
      hint: `Its writer crashed or never closed it. Delete it with: rm -rf '${directory}' (or rerun with --force).`,
    })
  }
  rmSync(directory, { recursive: true, force: true })
}

/** Appends objects of one class; see {@link openDatasetWriter}. */
export class DatasetWriter<T extends BaseData> {
  private readonly chunkCount: ChunkCount
  private readonly files: ChunkFiles
  private readonly sink: ChunkSink
  private readonly router: ObjectRouter<T>
  private state: 'open' | 'closed' | 'aborted' = 'open'

  /** @internal use {@link openDatasetWriter} or `Dataset.openWriter()`. */
  constructor(
    dataClass: DataClassOf<T>,
    private readonly def: DatasetDef,
    private readonly directory: string,
    private readonly staging: string,
    private readonly options: { replace: boolean } = { replace: false },
  ) {
    this.chunkCount = def.chunkCount
    this.files = new ChunkFiles(
      listChunkIds(def.chunkCount).map((id) => join(staging, chunkFileName(def.name, id))),
    )
    this.sink = new ChunkSink(def.chunkCount, this.files)
    this.router = new ObjectRouter(dataClass, def.name, def.chunkCount, this.sink)
  }

  /** Objects appended so far. */
  get count(): number {
    return this.router.count
  }

  /**
   * Appends one object: checks its class and every member, then routes it to its chunk by hash id.
   *
   * @throws HypergolError E_DATA_INVALID (wrong class or member), E_HASH_ID, E_DATASET_CLOSED.
   */
  append(object: T): void {
    if (this.state !== 'open') this.assertOpen()
    this.router.append(object)
  }

  /**
   * Appends a finished piece of chunk `chunkIndex` as gzip bytes plus their content (whole lines), without
   * parsing or rendering: how a pipeline merges its jobs' outputs in job order.
   * @internal
   */
  appendChunkContent(
    chunkIndex: number,
    compressed: Uint8Array,
    content: Uint8Array,
    lineCount: number,
  ): void {
    if (this.state !== 'open') this.assertOpen()
    this.sink.appendCompressed(chunkIndex, compressed, content, lineCount)
    this.router.addCount(lineCount)
  }

  /**
   * Sets chunk `chunkIndex` (still empty) to gzip `pieces` whose content has SHA-1 `sha1` and `lineCount`
   * lines, as computed when they were written: a chunk that one pipeline job filled alone is copied without
   * being decompressed. The pieces are taken one at a time, so a large chunk is never held whole.
   * @internal
   */
  adoptChunk(chunkIndex: number, pieces: Iterable<Uint8Array>, sha1: string, lineCount: number): void {
    if (this.state !== 'open') this.assertOpen()
    this.sink.adoptChunk(chunkIndex, pieces, sha1, lineCount)
    this.router.addCount(lineCount)
  }

  private assertOpen(): void {
    throw new HypergolError(
      'E_DATASET_CLOSED',
      `the writer of dataset ${this.def.name} is already ${this.state}`,
    )
  }

  /**
   * Finishes the chunks, writes the `.chk` last, flushes everything to disk and publishes the dataset with
   * one atomic rename.
   */
  close(): WriteResult {
    if (this.state !== 'open') this.assertOpen()
    try {
      const chunkSha1s = this.sink.finish()
      this.files.finish()
      const defText = renderDefFile(this.def)
      const entries: Record<string, string> = { [`${this.def.name}.def`]: sha1Hex(defText) }
      for (const [index, chunkId] of listChunkIds(this.chunkCount).entries()) {
        entries[chunkFileName(this.def.name, chunkId)] = chunkSha1s[index] as string
      }
      const chkText = renderChkFile(entries)
      const chkPath = join(this.staging, `${this.def.name}.chk`)
      writingTo(chkPath, () => writeFileSync(chkPath, chkText))
      timed('fsync', () => fsyncPath(chkPath))
      timed('publish', () => publishStaging(this.staging, this.directory, this.options))
      this.state = 'closed'
      return { directory: this.directory, objectCount: this.router.count, checksum: sha1Hex(chkText) }
    } catch (error) {
      this.abort()
      throw error
    }
  }

  /** Drops everything written so far; nothing is published. Safe to call more than once. */
  abort(): void {
    if (this.state === 'closed') return
    this.state = 'aborted'
    this.files.abort()
    rmSync(this.staging, { recursive: true, force: true })
  }
}

/**
 * Opens a writer for a new dataset at `directory`: checks nothing is in the way, creates the staging
 * directory and writes the `.def` into it.
 *
 * @throws HypergolError E_DATASET_EXISTS, E_DATASET_INCOMPLETE, E_DATASET_BUSY, E_DATASET_STALE_WRITE.
 */
export const openDatasetWriter = <T extends BaseData>(
  dataClass: DataClassOf<T>,
  def: DatasetDef,
  directory: string,
  options: OpenWriterOptions = {},
): DatasetWriter<T> => {
  const force = options.force ?? false
  const replace = options.replace ?? false
  assertWritable(directory, force, replace)
  const staging = createStaging(directory, force)
  const defPath = join(staging, `${def.name}.def`)
  writingTo(defPath, () => writeFileSync(defPath, renderDefFile(def)))
  return new DatasetWriter(dataClass, def, directory, staging, { replace })
}
