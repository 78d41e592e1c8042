/**
 * @module run-job
 * Executes one job of a task (RUNTIME.md §3), in a Worker or in-process: read the loaded inputs, `init()`,
 * call `run` per input tuple (or source item) with `this.output` bound to this job's output, close it,
 * `finishJob`. The job's output is appended to its Worker's `<scratch>/<out>_worker<N>.parts`, which the
 * main thread merges in job order once every job is done.
 */
import type { BaseData } from '../data/base-data.ts'
import { HypergolError } from '../errors.ts'
import { isThenable } from '../is-thenable.ts'
import { JobOutput, type JobPieces } from './job-output.ts'
import type { JobSpec } from './jobs.ts'
import { type AnyDataset, type JobReport, setJobState, type Task } from './task.ts'
import { collectBlocks, describeItem, zipInputChunks } from './zip-inputs.ts'

/** One object whose `run` threw, reported under `--keep-going`. */
export interface ObjectFailure {
  jobId: number
  /** 1-based position of the input tuple in the job. */
  position: number
  item: string
  message: string
}

/** What a job needs besides its task. */
export interface RunJobContext {
  /**
   * The file the job's output is appended to: its Worker's parts file in the task's scratch directory
   * (`job-output.ts`).
   */
  partsPath: string
  /** Count failing objects and go on, instead of failing the job at the first one. */
  keepGoing: boolean
  /** Whole-dataset loaded inputs already read, by directory: read once per Worker. */
  wholeCache: Map<string, BaseData[]>
  /** Called now and then with the objects in and out so far. */
  onProgress?: (objectsIn: number, objectsOut: number) => void
  /** Called for each failing object under `keepGoing`. */
  onObjectFailed?: (failure: ObjectFailure) => void
}

const PROGRESS_EVERY_MS = 200

const loadWhole = async (dataset: AnyDataset, cache: Map<string, BaseData[]>): Promise<BaseData[]> => {
  let list = cache.get(dataset.directory)
  if (list === undefined) {
    list = await collectBlocks(dataset.readBlocks())
    cache.set(dataset.directory, list)
  }
  return list
}

/**
 * The items `run` is called with, a block at a time: input tuples, or what a source task's iterator
 * yields. With a single input the items are its objects themselves, not one-object tuples (the common case
 * pays for no array per object).
 */
async function* itemsOf(task: Task, job: JobSpec): AsyncGenerator<unknown[]> {
  if (task.inputDatasets.length === 1) {
    yield* (task.inputDatasets[0] as AnyDataset).readChunk(job.id)
    return
  }
  if (task.inputDatasets.length > 1) {
    yield* zipInputChunks(task.inputDatasets, job.id, !task.force)
    return
  }
  const source: unknown = task.sourceIterator(job.parameters)
  const iterable = source as Iterable<unknown> | AsyncIterable<unknown> | null
  const isIterable =
    typeof iterable === 'object' &&
    iterable !== null &&
    (Symbol.iterator in iterable || Symbol.asyncIterator in iterable) &&
    !Array.isArray(iterable)
  if (!isIterable) {
    throw new HypergolError(
      'E_TASK_DEFINITION',
      `${task.constructor.name}.sourceIterator() must be a generator (function*), got ${describeItem(source)}`,
      { hint: 'Write it as `*sourceIterator(parameters) { yield [item] }` (or async function*).' },
    )
  }
  let block: unknown[] = []
  for await (const item of iterable) {
    if (!Array.isArray(item)) {
      throw new HypergolError(
        'E_TASK_DEFINITION',
        `${task.constructor.name}.sourceIterator() yielded ${describeItem(item)}; it must yield arrays, each spread into run()`,
        { hint: 'Yield `[item]` for a single argument.' },
      )
    }
    block.push(item)
    if (block.length >= 1024) {
      yield block
      block = []
    }
  }
  if (block.length > 0) yield block
}

/**
 * Runs job `job` of `task` to its end and returns its report. With `keepGoing`, objects whose `run`
 * throws are counted and reported through `onObjectFailed`; otherwise the first one fails the job.
 *
 * @throws HypergolError E_TASK_FAILED (a `run` threw), E_INPUT_MISMATCH, E_TASK_DEFINITION, or what
 *   `init`/`finishJob` threw; the job's temporary output is removed first.
 */
export const runJob = async (
  task: Task,
  job: JobSpec,
  context: RunJobContext,
): Promise<{ report: JobReport; pieces: JobPieces }> => {
  const started = performance.now()
  const name = task.constructor.name
  const loaded: BaseData[][] = []
  for (const dataset of task.loadedInputDatasets) loaded.push(await collectBlocks(dataset.readChunk(job.id)))
  for (const dataset of task.loadedWholeDatasets) loaded.push(await loadWhole(dataset, context.wholeCache))
  const output = task.outputDataset
  const writer = new JobOutput(output.dataClass, output.name, output.chunkCount, context.partsPath)
  const state = { jobId: job.id, parameters: job.parameters, output: writer, results: {} }
  setJobState(task, state)
  let objectsIn = 0
  let failedObjects = 0
  let lastProgress = started
  try {
    await task.init()
    const single = task.inputDatasets.length === 1
    for await (const block of itemsOf(task, job)) {
      for (const item of block) {
        objectsIn++
        try {
          const result = single
            ? loaded.length === 0
              ? task.run(item)
              : task.run(item, ...loaded)
            : task.run(...(item as unknown[]), ...loaded)
          if (isThenable(result)) await result
        } catch (error) {
          const failure = {
            jobId: job.id,
            position: objectsIn,
            item: describeItem(single ? item : (item as unknown[])[0]),
            message: error instanceof Error ? error.message : String(error),
          }
          if (!context.keepGoing) {
            throw new HypergolError(
              'E_TASK_FAILED',
              `task ${name} failed in job ${job.id} at input object ${failure.position} (${failure.item}): ${failure.message}`,
              {
                cause: error,
                hint: 'Nothing was published. Fix the task and rerun, or pass --keep-going to skip failing objects.',
              },
            )
          }
          failedObjects++
          context.onObjectFailed?.(failure)
        }
      }
      const now = performance.now()
      if (context.onProgress !== undefined && now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now
        context.onProgress(objectsIn, writer.count)
      }
    }
    const objectsOut = writer.count
    const pieces = writer.close()
    const report: JobReport = {
      jobId: job.id,
      objectsIn,
      objectsOut,
      failedObjects,
      results: state.results,
      seconds: (performance.now() - started) / 1000,
    }
    await task.finishJob(report)
    report.results = state.results
    return { report, pieces }
  } catch (error) {
    writer.abort()
    throw error
  } finally {
    setJobState(task, undefined)
  }
}
