/**
 * @module dataset
 * `Dataset`: a typed handle on `<location>/<project>/<branch>/<name>/` holding objects of one data class
 * (FORMAT.md §1). Reading streams objects; writing goes through a staging directory and publishes
 * atomically; dependencies become the lineage in the `.def`.
 */
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { type BaseData, type DataClassOf, instanceBuilderOf } from '../data/base-data.ts'
import { DateTime } from '../data/temporal.ts'
import { HypergolError } from '../errors.ts'
import { isThenable } from '../is-thenable.ts'
import { assertChunkCount, type ChunkCount } from './chunk-id.ts'
import { checksumOf, chkPathOf, type DatasetDir, defPathOf, loadDatasetDir } from './dataset-dir.ts'
import { type JsonObject, renderDependencyEntry } from './def-file.ts'
import { ObjectStream } from './object-stream.ts'
import { type ReadOptions, readChunkObjects, readDatasetObjects } from './reader.ts'
import { loadRepoInfo, type RepoInfo } from './repo-info.ts'
import { type VerifyReport, verifyDatasetDir } from './verify.ts'
import { type DatasetWriter, type OpenWriterOptions, openDatasetWriter, type WriteResult } from './writer.ts'

/** Where a dataset lives and how it is split. */
export interface DatasetOptions {
  /** The data directory. */
  location: string
  /** Snake-case project name, e.g. `my_first_project`. */
  project: string
  /** Usually the git branch name. */
  branch: string
  /** Dataset name, e.g. `records` (generated code uses the plural snake name of the class). */
  name: string
  /** 16, 256 or 4096, checked now. @default 16 */
  chunkCount?: number
  /**
   * The git facts written into the `.def`, or a function giving them when first needed.
   * @default read from git in the current directory when writing
   */
  repoInfo?: RepoInfo | (() => RepoInfo)
}

/** Options of {@link Dataset.read}. */
export interface DatasetReadOptions extends ReadOptions {
  /** Read a dataset that has no `.chk` (its writer crashed or never closed it). @default false */
  allowIncomplete?: boolean
}

/**
 * A dataset of `T` objects.
 *
 * @example
 * const records = new Dataset(Record, { location: 'data', project: 'demo', branch: 'main', name: 'records' })
 * await records.writeAll([new Record({ ... })])
 * for await (const record of records.read({ verify: true })) console.log(record.recordId)
 */
export class Dataset<T extends BaseData> {
  readonly location: string
  readonly project: string
  readonly branch: string
  readonly name: string
  readonly chunkCount: ChunkCount
  /** Datasets this one is derived from, in the order added; recorded with their lineage when written. */
  readonly dependencies: Dataset<BaseData>[] = []
  private readonly repoInfoSource: RepoInfo | (() => RepoInfo) | undefined

  /** @throws HypergolError E_CHUNK_COUNT for a chunk count other than 16, 256 or 4096. */
  constructor(
    readonly dataClass: DataClassOf<T>,
    options: DatasetOptions,
  ) {
    const chunkCount = options.chunkCount ?? 16
    assertChunkCount(chunkCount, `dataset ${options.name}: chunkCount`)
    this.location = options.location
    this.project = options.project
    this.branch = options.branch
    this.name = options.name
    this.chunkCount = chunkCount
    this.repoInfoSource = options.repoInfo
  }

  /** `<location>/<project>/<branch>/<name>`. */
  get directory(): string {
    return join(this.location, this.project, this.branch, this.name)
  }

  /** Whether a `.def` exists (the original's test; the dataset may still be incomplete). */
  exists(): boolean {
    return existsSync(defPathOf(this.directory))
  }

  /** Whether the dataset is complete: its `.chk` exists (written last, FORMAT.md §12). */
  isComplete(): boolean {
    return existsSync(chkPathOf(this.directory))
  }

  /** Records `dataset` as a dependency; it must be complete when this dataset is opened for writing. */
  addDependency(dataset: Dataset<BaseData>): this {
    this.dependencies.push(dataset)
    return this
  }

  /**
   * Loads the `.def`/`.chk` and checks they describe this dataset (class name, project, branch, name and
   * chunk count, FORMAT.md §10).
   *
   * @throws HypergolError E_DATASET_NOT_FOUND, E_DATASET_INCOMPLETE, E_DATASET_MISMATCH.
   */
  load(options: { allowIncomplete?: boolean } = {}): DatasetDir {
    const dir = loadDatasetDir(this.directory, options)
    const expected = {
      dataType: this.dataClass.name,
      project: this.project,
      branch: this.branch,
      name: this.name,
      chunkCount: this.chunkCount,
    }
    for (const [key, value] of Object.entries(expected)) {
      const actual = dir.def[key as keyof typeof expected]
      if (actual !== value) {
        throw new HypergolError(
          'E_DATASET_MISMATCH',
          `${dir.defPath}: ${key} is ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`,
          { hint: 'Open the dataset with the class, name and chunk count it was written with.' },
        )
      }
    }
    return dir
  }

  /** The dataset checksum (SHA-1 of its `.chk`), which dependants and trained models record. */
  checksum(): string {
    return checksumOf(this.load())
  }

  /**
   * Streams the objects in reading order (chunk id order, then line order).
   *
   * @throws HypergolError on a missing or mismatching dataset, bad data (naming file, line and field) or,
   *   with `verify`, a checksum mismatch.
   */
  read(options: DatasetReadOptions = {}): AsyncGenerator<T> {
    // Objects are served from each decoded block without an async round trip per object; the dataset is
    // loaded on the first `next()`, as the async generator this replaces did.
    return new ObjectStream(() => this.readBlocks(options))
  }

  /** Like {@link read}, a block of objects at a time (faster for large datasets). */
  readBlocks(options: DatasetReadOptions = {}): AsyncGenerator<T[]> {
    const dir = this.load(options)
    return readDatasetObjects(
      dir,
      this.dataClass.fields,
      instanceBuilderOf(this.dataClass),
      options,
    ) as AsyncGenerator<T[]>
  }

  /** The objects of one chunk (`0 … chunkCount−1`), a block at a time; pipelines read a chunk per job. */
  readChunk(chunkIndex: number, options: DatasetReadOptions = {}): AsyncGenerator<T[]> {
    const dir = this.load(options)
    const build = instanceBuilderOf(this.dataClass)
    return readChunkObjects(dir, chunkIndex, this.dataClass.fields, build, options) as AsyncGenerator<T[]>
  }

  /**
   * Opens a writer. Nothing appears at the dataset's path until `close()`; the `.def` records the git
   * facts (`options.repoInfo`, or {@link resolveRepoInfo} now) and every dependency's `.def` plus checksum.
   *
   * @throws HypergolError E_DATASET_EXISTS, E_DATASET_INCOMPLETE (a dependency or a leftover),
   *   E_DATASET_BUSY, E_DATASET_STALE_WRITE.
   */
  openWriter(
    options: OpenWriterOptions & { extra?: JsonObject; repoInfo?: RepoInfo } = {},
  ): DatasetWriter<T> {
    const dependencies: JsonObject[] = this.dependencies.map((dependency) => {
      const dir = dependency.load()
      return renderDependencyEntry(dir.defTree, checksumOf(dir))
    })
    const repo = options.repoInfo ?? this.resolveRepoInfo()
    const def = {
      branch: this.branch,
      chunkCount: this.chunkCount,
      creationTime: DateTime.now().toString(),
      dataType: this.dataClass.name,
      dependencies,
      name: this.name,
      project: this.project,
      repo,
      extra: options.extra ?? {},
    }
    return openDatasetWriter(this.dataClass, def, this.directory, options)
  }

  /**
   * The git facts this dataset's `.def` records when written: those it was given, or read from git now. A
   * pipeline reads them as its task starts (the commit whose code runs), while the Workers start.
   */
  resolveRepoInfo(): RepoInfo {
    const source = this.repoInfoSource
    return typeof source === 'function' ? source() : (source ?? loadRepoInfo())
  }

  /** Writes all `objects` and publishes the dataset; on any error nothing is published. */
  async writeAll(
    objects: Iterable<T> | AsyncIterable<T>,
    options: OpenWriterOptions = {},
  ): Promise<WriteResult> {
    const writer = this.openWriter(options)
    try {
      if (Symbol.iterator in objects) {
        // `for await` over an array costs a promise round trip per object; await only what is a promise
        // (which `for await` would have awaited too).
        for (const object of objects) writer.append(isThenable(object) ? await object : object)
      } else {
        for await (const object of objects) writer.append(object)
      }
    } catch (error) {
      writer.abort()
      throw error
    }
    return writer.close()
  }

  /** Recomputes every checksum (see `hypergol dataset verify`). */
  verify(): Promise<VerifyReport> {
    return verifyDatasetDir(this.load())
  }

  /** Deletes the dataset's directory. */
  delete(): void {
    rmSync(this.directory, { recursive: true, force: true })
  }
}
