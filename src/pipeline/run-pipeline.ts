/**
 * @module run-pipeline
 * `runPipelineFile`: what `hypergol run` does. Loads the pipeline module, refuses a dirty git repository
 * (the `.def` files record HEAD, which would not describe the code that ran) unless `allowDirty`, checks
 * every selected task's existing output before running anything, then runs the selected tasks in order.
 */
import { isAbsolute, resolve } from 'node:path'
import { assertCleanRepo, loadBranchName } from '../dataset/repo-info.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { fingerprintOf } from './fingerprint.ts'
import { loadPipeline } from './load-pipeline.ts'
import { inspectOutput, staleOutputError } from './output-state.ts'
import type { RunContext } from './pipeline.ts'
import { runTask, type TaskRunReport } from './run-task.ts'

/** Options of {@link runPipelineFile}. */
export interface RunPipelineOptions {
  /** The data directory handed to the pipeline module. @default `<cwd>/data` */
  dataDir?: string
  /** Workers per task. @default the number of CPU cores */
  threads?: number
  /** Indices (0-based, in pipeline order) of the tasks to run. @default all */
  onlyTasks?: readonly number[]
  /** Rebuild outputs that exist but are stale (other inputs or another task). @default false */
  rebuild?: boolean
  /** Run even with uncommitted changes to tracked files. @default false */
  allowDirty?: boolean
  /** Count objects whose `run` throws and go on. @default false */
  keepGoing?: boolean
  /**
   * Check every input chunk against its `.chk` as the jobs read it, and each input's `.def` against its
   * `.chk`; off only to rebuild from a dataset known to be damaged. @default true
   */
  verify?: boolean
  /** Called with each task's Worker start-up time (ms), for benchmarks. */
  onWorkersReady?: (taskName: string, milliseconds: number) => void
}

/** What a pipeline run did, task by task. */
export interface PipelineRunReport {
  tasks: TaskRunReport[]
  seconds: number
}

const selectTasks = (count: number, onlyTasks: readonly number[] | undefined): number[] => {
  if (onlyTasks === undefined) return Array.from({ length: count }, (_, index) => index)
  for (const index of onlyTasks) {
    if (!(Number.isSafeInteger(index) && index >= 0 && index < count)) {
      throw new HypergolError(
        'E_USAGE',
        `--only-tasks ${index}: the pipeline has ${count} task(s), numbered 0 to ${count - 1}`,
      )
    }
  }
  return [...new Set(onlyTasks)].sort((a, b) => a - b)
}

/**
 * Runs the pipeline defined by the module at `path`.
 *
 * @throws HypergolError E_PIPELINE_LOAD, E_REPO_DIRTY, E_USAGE, E_OUTPUT_STALE, or what a task throws.
 */
export const runPipelineFile = async (
  path: string,
  options: RunPipelineOptions = {},
): Promise<PipelineRunReport> => {
  const started = performance.now()
  const logger = getLogger()
  const pipelinePath = isAbsolute(path) ? path : resolve(path)
  const threads = options.threads ?? navigator.hardwareConcurrency
  const context: RunContext = {
    dataDir: resolve(options.dataDir ?? 'data'),
    threads,
    branch: loadBranchName(),
  }
  if (!options.allowDirty) assertCleanRepo()
  const pipeline = await loadPipeline(pipelinePath, context)
  const selected = selectTasks(pipeline.tasks.length, options.onlyTasks)
  // Refuse before anything runs when an output was made by another task (its inputs are checked later,
  // when earlier tasks may have rebuilt them).
  if (!options.rebuild) {
    for (const index of selected) {
      const task = pipeline.tasks[index]
      if (task === undefined) continue
      const state = inspectOutput(task, fingerprintOf(task))
      if (state.kind === 'stale') {
        throw staleOutputError(
          task,
          state.reasons,
          'Rerun with --rebuild to replace it, or delete it. Nothing was run.',
        )
      }
    }
  }
  const reports: TaskRunReport[] = []
  for (const index of selected) {
    const task = pipeline.tasks[index]
    if (task === undefined) continue
    const report = await runTask(task, {
      pipelinePath,
      context,
      taskIndex: index,
      rebuild: options.rebuild,
      keepGoing: options.keepGoing,
      verify: options.verify,
      onWorkersReady: (milliseconds) => options.onWorkersReady?.(task.constructor.name, milliseconds),
    })
    reports.push(report)
    if (report.status === 'built') {
      logger.success(
        `${report.name}: ${report.objectsIn} objects in, ${report.objectsOut} out, ${report.jobs} jobs on ` +
          `${report.workers} worker(s) in ${report.seconds.toFixed(2)}s → ${task.outputDataset.directory}`,
      )
    }
    if (report.failedObjects > 0) {
      logger.warn(
        `${report.name}: ${report.failedObjects} input object(s) failed and produced no output (--keep-going); the published dataset is missing their results`,
      )
    }
  }
  return { tasks: reports, seconds: (performance.now() - started) / 1000 }
}
