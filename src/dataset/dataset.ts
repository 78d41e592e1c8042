/**
 * @module dataset
 * `Dataset`: a typed handle on `<location>/<project>/<branch>/<name>/` holding objects of one data class
 * (FORMAT.md §1). Reading streams objects; writing goes through a staging directory and publishes
 * atomically; dependencies become the lineage in the `.def`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BaseData, type DataClassOf, instanceBuilderOf } from '../data/base-data.ts'
import { DateTime } from '../data/temporal.ts'
import { HypergolError } from '../errors.ts'
import { isThenable } from '../is-thenable.ts'
import { assertChunkCount, type ChunkCount } from './chunk-id.ts'
import { copyDataset } from './copy.ts'
import { loadDatasetAt } from './dataset-at.ts'
import { checksumOf, chkPathOf, type DatasetDir, defPathOf, loadDatasetDir } from './dataset-dir.ts'
import { type JsonObject, renderDependencyEntry, renderUncommittedEntry } from './def-file.ts'
import { assertChkChecksum } from './integrity.ts'
import { ObjectStream } from './object-stream.ts'
import { type ReadOptions, readChunkObjects, readDatasetObjects } from './reader.ts'
import { loadRepoInfo, type RepoInfo } from './repo-info.ts'
import { isS3Url, objectAt } from './storage/store-of.ts'
import { type VerifyReport, verifyDatasetDir } from './verify.ts'
import { type DatasetWriter, type OpenWriterOptions, openDatasetWriter, type WriteResult } from './writer.ts'

/** Options of {@link Dataset.writeAll}. */
export interface WriteAllOptions extends OpenWriterOptions {
  /**
   * For a dataset in a bucket: a Redis URL whose publish lock the upload holds from its check to its commit,
   * so that two writers holding it never publish the dataset at once (`dataset copy --lock`).
   */
  lock?: string
}

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
   * @default read from git in the current directory when writing (changes under `location` are not code)
   */
  repoInfo?: RepoInfo | (() => RepoInfo)
}

/** Options of {@link Dataset.read}. */
export interface DatasetReadOptions extends ReadOptions {
  /**
   * Read a dataset that has no `.chk` (its writer crashed or never closed it); its chunks cannot be
   * verified then.
   * @default false
   */
  allowIncomplete?: boolean
}

/**
 * A dataset fixed to one version for the length of some work (a task, a training run): its `.chk` must have
 * the SHA-1 recorded when the work started, which is the checksum its lineage records. The loaded directory
 * is kept, so every read checks its chunks against that very `.chk`.
 */
interface DatasetPin {
  /** The `.chk`'s SHA-1 the dataset must have; taken from the first load when not given. */
  checksum?: string
  /** Who recorded the checksum, for messages: `the task SummariseRecords, which started with it`. */
  recordedBy: string
  /** Whether reads check chunks by default (`hypergol run --no-verify` turns it off). */
  verify: boolean
  dir?: DatasetDir
}

let bindPin: (dataset: Dataset<BaseData>, pin: DatasetPin | undefined) => void = () => undefined

/**
 * Fixes `dataset` to the version whose `.chk` has SHA-1 `checksum` (the version it has now, when no checksum
 * is given), or lets it go with `undefined`. A pinned dataset loads once, refuses any other version with
 * E_CHECKSUM_MISMATCH, and reads with `verify` by default. @internal for pipelines and training
 */
export const pinDataset = (dataset: Dataset<BaseData>, pin: Omit<DatasetPin, 'dir'> | undefined): void =>
  bindPin(dataset, pin === undefined ? undefined : { ...pin })

/**
 * A dataset of `T` objects.
 *
 * @example
 * const records = new Dataset(Record, { location: 'data', project: 'demo', branch: 'main', name: 'records' })
 * await records.writeAll([new Record({ ... })])
 * for await (const record of records.read()) console.log(record.recordId) // every chunk checked
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
  #pin: DatasetPin | undefined

  static {
    bindPin = (dataset, pin) => {
      dataset.#pin = pin
    }
  }

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

  /** `<location>/<project>/<branch>/<name>` (a URL for a dataset in a bucket). */
  get directory(): string {
    return this.inBucket
      ? [this.location.replace(/\/+$/, ''), this.project, this.branch, this.name].join('/')
      : join(this.location, this.project, this.branch, this.name)
  }

  /**
   * Whether the dataset is in an S3 bucket (`location` is `s3://bucket/prefix`): it is then read and written
   * only by the asynchronous methods, `read`, `readBlocks`, `readChunk`, `verify` and `writeAll`.
   */
  get inBucket(): boolean {
    return isS3Url(this.location)
  }

  /** E_USAGE for a synchronous method called on a dataset in a bucket. */
  private refuseInBucket(method: string): never {
    throw new HypergolError(
      'E_USAGE',
      `dataset ${this.name} is in a bucket (${this.directory}), which ${method}() cannot reach synchronously`,
      {
        hint: 'In a bucket, read a dataset with read(), readBlocks(), readChunk() or verify(), and write it with writeAll().',
      },
    )
  }

  /** Whether a `.def` exists (the original's test; the dataset may still be incomplete). */
  exists(): boolean {
    if (this.inBucket) this.refuseInBucket('exists')
    return existsSync(defPathOf(this.directory))
  }

  /** Whether the dataset is complete: its `.chk` exists (written last, FORMAT.md §12). */
  isComplete(): boolean {
    if (this.inBucket) this.refuseInBucket('isComplete')
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
   * @throws HypergolError E_DATASET_NOT_FOUND, E_DATASET_INCOMPLETE, E_DATASET_MISMATCH, E_CHECKSUM_MISMATCH
   *   (a `.def` that is not the one its `.chk` hashes).
   */
  load(options: { allowIncomplete?: boolean } = {}): DatasetDir {
    const pin = this.#pin
    if (pin?.dir !== undefined) return pin.dir
    if (this.inBucket) this.refuseInBucket('load')
    const dir = loadDatasetDir(this.directory, {
      // A pinned dataset is lineage: it must be complete.
      allowIncomplete: options.allowIncomplete === true && pin === undefined,
      verify: pin?.verify ?? true,
      placement: { projectDir: join(this.location, this.project), branch: this.branch },
    })
    this.assertDescribes(dir)
    if (pin !== undefined) {
      if (pin.checksum === undefined) pin.checksum = checksumOf(dir)
      else assertChkChecksum(dir, pin.checksum, pin.recordedBy)
      pin.dir = dir
    }
    return dir
  }

  /** {@link load} for a dataset in a bucket: its `.def` and `.chk` fetched by name. */
  private async loadFromBucket(options: { allowIncomplete?: boolean } = {}): Promise<DatasetDir> {
    const dir = await loadDatasetAt(this.directory, { allowIncomplete: options.allowIncomplete === true })
    this.assertDescribes(dir)
    return dir
  }

  /**
   * Checks that a loaded `.def` describes this dataset (class name, project, branch, name, chunk count).
   *
   * @throws HypergolError E_DATASET_MISMATCH.
   */
  private assertDescribes(dir: DatasetDir): void {
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
  }

  /** The dataset checksum (SHA-1 of its `.chk`), which dependants and trained models record. */
  checksum(): string {
    return checksumOf(this.load())
  }

  /**
   * Streams the objects in reading order (chunk id order, then line order).
   *
   * Every chunk's SHA-1 is checked against the `.chk` as it is read, and the `.def` against the `.chk` when
   * the dataset is loaded, unless `{ verify: false }`.
   *
   * @throws HypergolError on a missing or mismatching dataset, bad data (naming file, line and field), or
   *   E_CHECKSUM_MISMATCH (at the end of a chunk that differs from the `.chk`, before the next chunk).
   */
  read(options: DatasetReadOptions = {}): AsyncGenerator<T> {
    // Objects are served from each decoded block without an async round trip per object; the dataset is
    // loaded on the first `next()`, as the async generator this replaces did.
    return new ObjectStream(() => this.readBlocks(options))
  }

  /** Like {@link read}, a block of objects at a time (faster for large datasets). */
  readBlocks(options: DatasetReadOptions = {}): AsyncGenerator<T[]> {
    if (this.inBucket && this.#pin?.dir === undefined) return this.readBucketBlocks(options)
    const dir = this.load(options)
    return readDatasetObjects(
      dir,
      this.dataClass.fields,
      instanceBuilderOf(this.dataClass),
      this.readOptionsOf(options),
    ) as AsyncGenerator<T[]>
  }

  /** The objects of one chunk (`0 … chunkCount−1`), a block at a time; pipelines read a chunk per job. */
  readChunk(chunkIndex: number, options: DatasetReadOptions = {}): AsyncGenerator<T[]> {
    if (this.inBucket && this.#pin?.dir === undefined) return this.readBucketChunk(chunkIndex, options)
    const dir = this.load(options)
    const build = instanceBuilderOf(this.dataClass)
    return readChunkObjects(
      dir,
      chunkIndex,
      this.dataClass.fields,
      build,
      this.readOptionsOf(options),
    ) as AsyncGenerator<T[]>
  }

  private async *readBucketBlocks(options: DatasetReadOptions): AsyncGenerator<T[]> {
    const dir = await this.loadFromBucket(options)
    yield* readDatasetObjects(
      dir,
      this.dataClass.fields,
      instanceBuilderOf(this.dataClass),
      this.readOptionsOf(options),
    ) as AsyncGenerator<T[]>
  }

  private async *readBucketChunk(chunkIndex: number, options: DatasetReadOptions): AsyncGenerator<T[]> {
    const dir = await this.loadFromBucket(options)
    yield* readChunkObjects(
      dir,
      chunkIndex,
      this.dataClass.fields,
      instanceBuilderOf(this.dataClass),
      this.readOptionsOf(options),
    ) as AsyncGenerator<T[]>
  }

  /** `options`, with a pinned dataset's verification as the default. */
  private readOptionsOf(options: DatasetReadOptions): ReadOptions {
    return { verify: options.verify ?? this.#pin?.verify ?? true }
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
    if (this.inBucket) this.refuseInBucket('openWriter')
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
      extra: { ...options.extra, ...renderUncommittedEntry(repo.uncommitted) },
    }
    return openDatasetWriter(this.dataClass, def, this.directory, options)
  }

  /**
   * The git facts this dataset's `.def` records when written: those it was given, or read from git now. A
   * pipeline reads them as its task starts (the commit whose code runs), while the Workers start.
   */
  resolveRepoInfo(): RepoInfo {
    const source = this.repoInfoSource
    return typeof source === 'function'
      ? source()
      : (source ?? loadRepoInfo(process.cwd(), { excluding: this.location }))
  }

  /** Writes all `objects` and publishes the dataset; on any error nothing is published. */
  async writeAll(
    objects: Iterable<T> | AsyncIterable<T>,
    options: WriteAllOptions = {},
  ): Promise<WriteResult> {
    if (this.inBucket) return this.writeAllToBucket(objects, options)
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

  /**
   * {@link writeAll} to a bucket: the dataset is written in a local temporary folder exactly as on disk (same
   * `.def`, lineage and bytes), then uploaded with `dataset copy`: every chunk verified, the `.chk` last, so
   * that it is complete in the bucket only once whole. The temporary folder is removed either way.
   */
  private async writeAllToBucket(
    objects: Iterable<T> | AsyncIterable<T>,
    { lock, ...options }: WriteAllOptions,
  ): Promise<WriteResult> {
    if (options.force === true || options.replace === true) {
      throw new HypergolError(
        'E_USAGE',
        `dataset ${this.directory}: force and replace do not reach a bucket yet`,
        {
          hint: 'Write it under another name; replacing a dataset in a bucket comes with runs on buckets.',
        },
      )
    }
    // Refused before the objects are written locally; the copy checks again, just before it uploads.
    const def = objectAt(defPathOf(this.directory))
    if (await def.store.exists(def.key)) {
      throw new HypergolError('E_DATASET_EXISTS', `dataset ${this.directory} already exists`, {
        hint: 'Nothing was written. Write it under another name, or delete it from the bucket first.',
      })
    }
    const staging = mkdtempSync(join(tmpdir(), 'hypergol-upload-'))
    try {
      const local = new Dataset(this.dataClass, {
        location: staging,
        project: this.project,
        branch: this.branch,
        name: this.name,
        chunkCount: this.chunkCount,
        repoInfo: this.resolveRepoInfo(),
      })
      for (const dependency of this.dependencies) local.addDependency(dependency)
      const written = await local.writeAll(objects, options)
      await copyDataset(local.directory, this.directory, lock === undefined ? {} : { lock })
      return { ...written, directory: this.directory }
    } finally {
      rmSync(staging, { recursive: true, force: true })
    }
  }

  /** Recomputes every checksum (see `hypergol dataset verify`). */
  async verify(): Promise<VerifyReport> {
    return verifyDatasetDir(this.inBucket ? await this.loadFromBucket() : this.load())
  }

  /** Deletes the dataset's directory. */
  delete(): void {
    if (this.inBucket) this.refuseInBucket('delete')
    rmSync(this.directory, { recursive: true, force: true })
  }
}
