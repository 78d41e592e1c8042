/**
 * @module dataset-factory
 * `DatasetFactory`: makes datasets that share a data directory, project, branch and git facts, as the
 * original's `DatasetFactory` does.
 */
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { Dataset } from './dataset.ts'
import { loadRepoInfo, type RepoInfo } from './repo-info.ts'

/** Options of {@link DatasetFactory}. */
export interface DatasetFactoryOptions {
  /** The data directory. */
  location: string
  /** Snake-case project name. */
  project: string
  /** Branch name. */
  branch: string
  /** Chunk count of datasets made by `get` unless overridden. @default 16 */
  chunkCount?: number
  /**
   * Git facts for the `.def` of written datasets.
   * @default read from git in the current directory, once (changes under `location` are not code)
   */
  repoInfo?: RepoInfo
}

/**
 * Makes datasets under one `<location>/<project>/<branch>/`.
 *
 * @example
 * const factory = new DatasetFactory({ location: 'data', project: 'demo', branch: 'main' })
 * const records = factory.get(Record, 'records')
 */
export class DatasetFactory {
  private repoInfo: RepoInfo | undefined

  constructor(readonly options: DatasetFactoryOptions) {
    this.repoInfo = options.repoInfo
  }

  /** The dataset `name` of `dataClass` objects; `chunkCount` and `branch` default to the factory's. */
  get<T extends BaseData>(
    dataClass: DataClassOf<T>,
    name: string,
    options: { chunkCount?: number; branch?: string } = {},
  ): Dataset<T> {
    return new Dataset(dataClass, {
      location: this.options.location,
      project: this.options.project,
      branch: options.branch ?? this.options.branch,
      name,
      chunkCount: options.chunkCount ?? this.options.chunkCount ?? 16,
      // Read lazily and shared: git runs once per factory, and only when something is written.
      repoInfo: () => {
        this.repoInfo ??= loadRepoInfo(process.cwd(), { excluding: this.options.location })
        return this.repoInfo
      },
    })
  }
}
