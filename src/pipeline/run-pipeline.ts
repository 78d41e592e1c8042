/**
 * @module run-pipeline
 * `runPipelineFile`: what `hypergol run` does. Loads the pipeline module, refuses a dirty git repository
 * (the `.def` files record HEAD, which would not describe the code that ran) unless `allowDirty`, checks
 * every selected task's existing output before running anything, then runs the selected tasks in order.
 */
import { isAbsolute, resolve } from 'node:path'
import { assertNoChanges, readRunStartFacts } from '../dataset/repo-info.ts'
import { findStagingLeftovers, leftoverError } from '../dataset/staging.ts'
import { isS3Url } from '../dataset/storage/store-of.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { addTiming, timed, timedAsync } from '../timings.ts'
import { fingerprintOf } from './fingerprint.ts'
import { buildPipeline, importPipeline } from './load-pipeline.ts'
import { inspectOutput, staleOutputError } from './output-state.ts'
import type { RunContext } from './pipeline.ts'
import { runTask, type TaskRunReport } from './run-task.ts'
import type { Task } from './task.ts'
import { loadTaskSources } from './task-sources.ts'

/** Options of {@link runPipelineFile}. */
export interface RunPipelineOptions {
  /** The data directory handed to the pipeline module. @default `<cwd>/data` */
  dataDir?: string
  /** Workers per task. @default the number of CPU cores */
  threads?: number
  /** Indices (0-based, in pipeline order) of the tasks to run. @default all */
  onlyTasks?: readonly number[]
  /**
   * Rebuild the selected tasks' outputs whatever their state: stale (other inputs or code) or up to date.
   * @default false
   */
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
  /** Stop a task when one of its jobs runs longer than this. @default no limit */
  jobTimeoutSeconds?: number
  /** Called with each task's Worker start-up time (ms), for benchmarks. */
  onWorkersReady?: (taskName: string, milliseconds: number) => void
}

/** How to replace a stale output: what `hypergol run` says with E_OUTPUT_STALE. */
const REBUILD_HINT =
  'Nothing was run. Rerun with --rebuild to rebuild the selected tasks (add --only-tasks N for just this one), or delete the output.'

/**
 * Refuses, before anything runs, an output whose earlier write was interrupted (its staging folder left by a
 * dead process), unless `rebuild`, which removes it; and one being written by a running process.
 *
 * @throws HypergolError E_DATASET_STALE_WRITE, E_DATASET_BUSY.
 */
const assertNoStaleWrite = (task: Task, rebuild: boolean): void => {
  const output = task.outputDataset
  for (const leftover of findStagingLeftovers(output.directory)) {
    if (leftover.alive || !rebuild) {
      throw leftoverError(leftover, {
        dataset: `output ${output.directory}`,
        lead: `${task.constructor.name}: `,
        outcome: 'Nothing was run or published.',
        remedy: 'Rerun with --rebuild, which removes it',
      })
    }
  }
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
        count === 0
          ? `--only-tasks ${index}: the pipeline has no tasks`
          : `--only-tasks ${index}: the pipeline has ${count} task(s), numbered 0 to ${count - 1}`,
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
  // performance.now() counts from the process's start: what came before this is the binary starting.
  addTiming('process start', started)
  const pipelinePath = isAbsolute(path) ? path : resolve(path)
  const threads = options.threads ?? navigator.hardwareConcurrency
  if (options.dataDir !== undefined && isS3Url(options.dataDir)) {
    throw new HypergolError(
      'E_INVALID_ARGUMENT',
      `--data-dir ${options.dataDir}: hypergol run does not take a bucket yet`,
      {
        hint: 'Run on a local data directory, then copy the outputs there with hypergol dataset copy (issue 21 brings runs on buckets).',
      },
    )
  }
  const dataDir = resolve(options.dataDir ?? 'data')
  // git (the branch, for the context; the working tree, unless dirty is allowed) answers while the
  // pipeline module is imported.
  const gitFacts = timedAsync('git', () =>
    readRunStartFacts(process.cwd(), !options.allowDirty, { excluding: dataDir }),
  )
  const imported = timedAsync('import pipeline', () => importPipeline(pipelinePath))
  // A dirty tree is reported first, whatever the import does; its failure is then not left unobserved.
  imported.catch(() => undefined)
  const facts = await gitFacts
  if (!options.allowDirty) assertNoChanges(facts.changes)
  const context: RunContext = { dataDir, threads, branch: facts.branch }
  const exported = await imported
  const pipeline = await timedAsync('build pipeline', () => buildPipeline(exported, pipelinePath, context))
  const selected = selectTasks(pipeline.tasks.length, options.onlyTasks)
  const tasks = selected.map((index) => pipeline.tasks[index] as Task)
  const sources = await timedAsync('hash task sources', () => loadTaskSources(pipelinePath, tasks))
  // Refuse before anything runs when an output was made by another task or other code (its inputs are
  // checked later, when earlier tasks may have rebuilt them).
  for (const task of tasks) assertNoStaleWrite(task, options.rebuild ?? false)
  if (!options.rebuild) {
    timed('check outputs', () => {
      for (const [position, task] of tasks.entries()) {
        const fingerprint = fingerprintOf(task, sources[position] ?? {})
        const state = inspectOutput(task, fingerprint, { keepGoing: options.keepGoing })
        if (state.kind === 'stale') throw staleOutputError(task, state.reasons, REBUILD_HINT)
      }
    })
  }
  const reports: TaskRunReport[] = []
  for (const [position, task] of tasks.entries()) {
    const report = await runTask(task, {
      pipelinePath,
      context,
      taskIndex: selected[position] as number,
      sources: sources[position],
      rebuild: options.rebuild,
      keepGoing: options.keepGoing,
      verify: options.verify,
      jobTimeoutSeconds: options.jobTimeoutSeconds,
      onWorkersReady: (milliseconds) => options.onWorkersReady?.(task.constructor.name, milliseconds),
    })
    reports.push(report)
    if (report.status === 'built') {
      getLogger().success(
        `${report.name}: ${report.objectsIn} objects in, ${report.objectsOut} out, ${report.jobs} jobs on ` +
          `${report.workers} worker(s) in ${report.seconds.toFixed(2)}s → ${task.outputDataset.directory}`,
      )
    }
    if (report.failedObjects > 0) {
      getLogger().warn(
        `${report.name}: ${report.failedObjects} input object(s) failed and produced no output (--keep-going); the published dataset is missing their results`,
      )
    }
  }
  return { tasks: reports, seconds: (performance.now() - started) / 1000 }
}
