/**
 * @module jobs
 * A task's jobs (RUNTIME.md §2): one per input chunk index for a task with input datasets, or what
 * `getJobs()` returns for a source task. Decided in the main thread; each job travels to a Worker as plain
 * values.
 */
import { HypergolError } from '../errors.ts'
import type { JobParameters, Task } from './task.ts'

/** One job as sent to a Worker. */
export interface JobSpec {
  /** 0 … jobCount−1; the merge order of the outputs. */
  id: number
  /** A source task's parameters (empty for input-driven jobs, which read chunk `id` of every input). */
  parameters: JobParameters
  /** Expected objects, for progress, when known. */
  total: number | undefined
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The jobs of `task`, checking what must hold first: inputs and same-chunk loaded inputs share one chunk
 * count; a source task has no same-chunk loaded inputs and returns a list of `{ parameters }`.
 *
 * @throws HypergolError E_TASK_DEFINITION.
 */
export const resolveJobs = async (task: Task): Promise<JobSpec[]> => {
  const name = task.constructor.name
  if (task.inputDatasets.length > 0) {
    const chunked = [...task.inputDatasets, ...task.loadedInputDatasets]
    const chunkCount = chunked[0]?.chunkCount ?? 16
    for (const dataset of chunked) {
      if (dataset.chunkCount !== chunkCount) {
        throw new HypergolError(
          'E_TASK_DEFINITION',
          `${name}: input ${dataset.name} has ${dataset.chunkCount} chunks, ${chunked[0]?.name} has ${chunkCount}`,
          {
            hint: 'Inputs and same-chunk loaded inputs are read chunk by chunk, so their chunk counts must match.',
          },
        )
      }
    }
    return Array.from({ length: chunkCount }, (_, id) => ({ id, parameters: {}, total: undefined }))
  }
  if (task.loadedInputDatasets.length > 0) {
    throw new HypergolError(
      'E_TASK_DEFINITION',
      `${name}: a source task (no inputDatasets) cannot have loadedInputDatasets, which follow input chunks`,
      { hint: 'Use loadedWholeDatasets to give every job a whole dataset.' },
    )
  }
  const jobs: unknown = await task.getJobs()
  if (!Array.isArray(jobs)) {
    throw new HypergolError(
      'E_TASK_DEFINITION',
      `${name}.getJobs() must return a list of { parameters, total? }`,
    )
  }
  return jobs.map((job: unknown, id) => {
    if (!isPlainObject(job) || !isPlainObject(job.parameters)) {
      throw new HypergolError(
        'E_TASK_DEFINITION',
        `${name}.getJobs(): job ${id} must be { parameters: {…}, total?: number }, got ${JSON.stringify(job)}`,
      )
    }
    const total = typeof job.total === 'number' ? job.total : undefined
    return { id, parameters: job.parameters, total }
  })
}
