/**
 * @module task
 * `Task`: reads input datasets and appends objects to one output dataset, a job at a time, in Workers
 * (RUNTIME.md §1–§3). A task object is built by the user's pipeline module; each Worker imports that module
 * again and takes the task at the same index, so constructor arguments are plain values, never pickled.
 */
import type { BaseData } from '../data/base-data.ts'
import { Dataset } from '../dataset/dataset.ts'
import { HypergolError } from '../errors.ts'

/** A dataset of any data class, as a task's input. */
export type AnyDataset = Dataset<BaseData>

/** Where `run()` appends its objects during a job: objects of the output class, checked on append. */
export interface TaskOutput<Out extends BaseData> {
  /** Appends one object; it is routed to its output chunk by hash id. */
  append(object: Out): void
  /** Objects appended in this job so far. */
  readonly count: number
}

/** Options of every task; subclasses add their own parameters next to these. */
export interface TaskOptions<Out extends BaseData> {
  /** Where the task's objects go. */
  outputDataset: Dataset<Out>
  /**
   * Read chunk by chunk, in lock-step: `run` gets the k-th object of each, which must share a hash id.
   * @default []
   */
  inputDatasets?: readonly AnyDataset[]
  /**
   * The original's loaded inputs: job `j` gets **chunk `j` only** of each, as one list, after the inputs'
   * objects in `run`'s arguments. Useful when the loaded data is routed like the input (same hash ids).
   * @default []
   */
  loadedInputDatasets?: readonly AnyDataset[]
  /**
   * Whole datasets, each read once per Worker into one list passed to every `run` call, after the
   * same-chunk loaded lists. Treat the lists as read-only: they are shared by the jobs of a Worker.
   * @default []
   */
  loadedWholeDatasets?: readonly AnyDataset[]
  /** Workers for this task at most (for memory-heavy tasks). @default the pipeline's `--threads` */
  threads?: number
  /** Skip the same-hash-id check of zipped inputs. @default false */
  force?: boolean
}

/** Values a source task's job carries to its Worker: anything `postMessage` can copy. */
export type JobParameters = Record<string, unknown>

/** A job of a source task, as returned by {@link Task.getJobs}. */
export interface SourceJob {
  /** Handed to `sourceIterator` in the Worker. */
  parameters: JobParameters
  /** Expected number of objects, for progress only. */
  total?: number
}

/** What one job did; `finishJob` gets it in the Worker, `finishTask` gets all of them in job order. */
export interface JobReport {
  jobId: number
  /** Input tuples (or source items) processed. */
  objectsIn: number
  /** Objects appended to the output. */
  objectsOut: number
  /** Objects whose `run` threw (only with `--keep-going`; otherwise the first one fails the task). */
  failedObjects: number
  /** What the task put in `this.results` during the job. */
  results: Record<string, unknown>
  /** Wall time of the job. */
  seconds: number
}

/** What a task is doing inside a job: which job, its output and results (kept off the task's own properties). */
interface JobState {
  jobId: number
  parameters: JobParameters
  output: TaskOutput<BaseData>
  results: Record<string, unknown>
}

let bindJobState: (task: Task, state: JobState | undefined) => void = () => undefined

/**
 * The base of every task. Override `run` (and `init`, `finishJob`, `finishTask` when needed); a source task
 * (no input datasets) also overrides `getJobs` and `sourceIterator`.
 *
 * @example
 * import { Task } from 'hypergol'
 *
 * export class SummariseRecords extends Task<RecordSummary> {
 *   run(record: Record): void {
 *     this.output.append(new RecordSummary({ recordId: record.recordId, kind: 'tags', total: record.tags.length }))
 *   }
 * }
 * // in the pipeline: new SummariseRecords({ inputDatasets: [records], outputDataset: summaries })
 */
export abstract class Task<Out extends BaseData = BaseData> {
  // Private fields, so that a task's own enumerable properties are exactly the user's parameters (they
  // make up the task's fingerprint, with its code).
  readonly #options: Required<Omit<TaskOptions<Out>, 'threads'>> & { threads: number | undefined }
  #job: JobState | undefined

  static {
    bindJobState = (task, state) => {
      task.#job = state
    }
  }

  /**
   * Registers every input, then every loaded input, as a dependency of the output (its lineage).
   *
   * @throws HypergolError E_TASK_DEFINITION when an option has the wrong type.
   */
  constructor(options: TaskOptions<Out>) {
    const name = new.target.name
    assertTaskOptions(options, name)
    this.#options = {
      outputDataset: options.outputDataset,
      inputDatasets: [...(options.inputDatasets ?? [])],
      loadedInputDatasets: [...(options.loadedInputDatasets ?? [])],
      loadedWholeDatasets: [...(options.loadedWholeDatasets ?? [])],
      threads: options.threads,
      force: options.force ?? false,
    }
    for (const dataset of this.allInputs()) options.outputDataset.addDependency(dataset)
  }

  get outputDataset(): Dataset<Out> {
    return this.#options.outputDataset
  }
  get inputDatasets(): readonly AnyDataset[] {
    return this.#options.inputDatasets
  }
  get loadedInputDatasets(): readonly AnyDataset[] {
    return this.#options.loadedInputDatasets
  }
  get loadedWholeDatasets(): readonly AnyDataset[] {
    return this.#options.loadedWholeDatasets
  }
  /** This task's Worker limit, if it has one. */
  get threads(): number | undefined {
    return this.#options.threads
  }
  get force(): boolean {
    return this.#options.force
  }

  /** Every dataset the task reads, in dependency order: inputs, loaded inputs, whole loaded inputs. */
  allInputs(): AnyDataset[] {
    const options = this.#options
    return [...options.inputDatasets, ...options.loadedInputDatasets, ...options.loadedWholeDatasets]
  }

  /**
   * The job's output: `this.output.append(object)` inside `init`, `run` and `finishJob`.
   *
   * @throws HypergolError E_TASK_DEFINITION outside a job.
   */
  get output(): TaskOutput<Out> {
    return this.jobState('output').output as TaskOutput<Out>
  }

  /**
   * The id of the job being run (0 … jobCount−1, the merge order): for a task with input datasets, the
   * chunk index it reads; for a source task, the position of its entry in `getJobs()`.
   *
   * @throws HypergolError E_TASK_DEFINITION outside a job.
   */
  get jobId(): number {
    return this.jobState('jobId').jobId
  }

  /**
   * The parameters of the job being run: what `getJobs()` gave it for a source task (as `sourceIterator`
   * gets them), `{}` for a task with input datasets.
   *
   * @throws HypergolError E_TASK_DEFINITION outside a job.
   */
  get jobParameters(): JobParameters {
    return this.jobState('jobParameters').parameters
  }

  /** Per-job results, returned to the main thread in the job's report (plain, copyable values). */
  get results(): Record<string, unknown> {
    return this.jobState('results').results
  }
  set results(results: Record<string, unknown>) {
    this.jobState('results').results = results
  }

  private jobState(what: string): JobState {
    if (this.#job === undefined) {
      throw new HypergolError(
        'E_TASK_DEFINITION',
        `${this.constructor.name}: this.${what} is only available inside a job (init, run, finishJob)`,
      )
    }
    return this.#job
  }

  /** Called once per job, in the Worker, after the loaded inputs are read and before the first `run`. */
  init(): void | Promise<void> {}

  /**
   * Called once per input tuple: one object per input dataset, then one list per loaded input (same-chunk
   * lists first, then whole-dataset lists). For a source task, the items `sourceIterator` yields, spread.
   * Append results with `this.output.append(…)`; the return value is ignored.
   */
  abstract run(...args: unknown[]): void | Promise<void>

  /**
   * A source task's jobs (a task without input datasets must override this): job `i` gets the `i`-th entry.
   *
   * @throws HypergolError E_TASK_DEFINITION unless overridden.
   */
  getJobs(): SourceJob[] | Promise<SourceJob[]> {
    throw new HypergolError(
      'E_TASK_DEFINITION',
      `${this.constructor.name} has no input datasets, so it must override getJobs() and sourceIterator()`,
    )
  }

  /**
   * A source task's items for one job: each yielded array is spread into `run`.
   *
   * @throws HypergolError E_TASK_DEFINITION unless overridden.
   */
  sourceIterator(_parameters: JobParameters): Iterable<unknown[]> | AsyncIterable<unknown[]> {
    throw new HypergolError(
      'E_TASK_DEFINITION',
      `${this.constructor.name} returned jobs from getJobs() but does not override sourceIterator()`,
    )
  }

  /** Called in the Worker after each job's output is closed. */
  finishJob(_report: JobReport): void | Promise<void> {}

  /** Called in the main thread once the output is published; reports are in job order. */
  finishTask(_reports: JobReport[], _threads: number): void | Promise<void> {}
}

/** Gives `task` the job it runs, its output and fresh results (or clears them with `undefined`). @internal */
export const setJobState = (task: Task, state: JobState | undefined): void => bindJobState(task, state)

// User code gets this very Dataset class through the virtual 'hypergol' module, so instanceof holds.
const isDataset = (value: unknown): boolean => value instanceof Dataset

const assertTaskOptions = (options: TaskOptions<BaseData>, name: string): void => {
  const invalid = (what: string): never => {
    throw new HypergolError('E_TASK_DEFINITION', `${name}: ${what}`, {
      hint: 'Pass { outputDataset, inputDatasets?, loadedInputDatasets?, loadedWholeDatasets?, threads?, force? }.',
    })
  }
  if (typeof options !== 'object' || options === null) invalid('expected an options object')
  if (!isDataset(options.outputDataset)) invalid('outputDataset must be a Dataset')
  for (const key of ['inputDatasets', 'loadedInputDatasets', 'loadedWholeDatasets'] as const) {
    const list = options[key]
    if (list === undefined) continue
    if (!Array.isArray(list) || !list.every(isDataset)) invalid(`${key} must be a list of Datasets`)
  }
  const threads = options.threads
  if (threads !== undefined && !(Number.isSafeInteger(threads) && threads >= 1)) {
    invalid(`threads must be a whole number ≥ 1, got ${String(threads)}`)
  }
}
