/**
 * @module run-task
 * Runs one task of a pipeline (RUNTIME.md §3–§4, minus the quirks of §9): check the inputs and whether
 * the output is up to date, run the jobs on Workers, merge their outputs in job order into the output
 * (written through a staging directory and published atomically), clean the scratch space, then
 * `finishTask`. On any failure nothing is published and the scratch space is removed.
 */

import { DateTime } from '../data/temporal.ts'
import { type PartialRecord, renderPartialEntry } from '../dataset/def-file.ts'
import { prefetchRepoInfo, type RepoInfo } from '../dataset/repo-info.ts'
import { describeChanges } from '../dataset/working-tree.ts'
import { getLogger } from '../logger.ts'
import { startProgress } from '../progress.ts'
import { addTiming, timed, timedAsync } from '../timings.ts'
import { fingerprintOf } from './fingerprint.ts'
import { pinInputs, unpinInputs } from './input-pins.ts'
import { resolveJobs } from './jobs.ts'
import { mergeJobOutputs } from './merge.ts'
import { inspectOutput, renderTaskEntry, staleOutputError } from './output-state.ts'
import type { RunContext } from './pipeline.ts'
import { acquireScratch, releaseScratch, scratchDirOf } from './scratch.ts'
import type { JobReport, Task } from './task.ts'
import { type JobResult, runJobsOnWorkers } from './worker-pool.ts'

/** Options of {@link runTask}. */
export interface RunTaskOptions {
  /** The pipeline module (absolute), which every Worker imports. */
  pipelinePath: string
  context: RunContext
  /** The task's index in the pipeline. */
  taskIndex: number
  /** Rebuild the output whatever its state: stale, or up to date. @default false */
  rebuild?: boolean
  /** The project files the task's module imports, for its fingerprint (see `fingerprint.ts`). @default {} */
  sources?: { [path: string]: string }
  /** Count failing objects and go on. @default false */
  keepGoing?: boolean
  /** Check every input chunk against its `.chk` as the jobs read it. @default true */
  verify?: boolean
  /** Stop the task when one of its jobs runs longer than this. @default no limit */
  jobTimeoutSeconds?: number
  /** Called once the Workers have loaded the pipeline, with the milliseconds that took. */
  onWorkersReady?: (milliseconds: number) => void
}

/** What happened to one task. */
export interface TaskRunReport {
  name: string
  status: 'built' | 'up-to-date'
  jobs: number
  workers: number
  objectsIn: number
  objectsOut: number
  failedObjects: number
  seconds: number
  /** The output's checksum (SHA-1 of its `.chk`). */
  checksum: string
}

/** Objects under `--keep-going` whose failures are logged one by one; the rest are only counted. */
const LOGGED_FAILURES = 10

const sum = (reports: JobReport[], key: 'objectsIn' | 'objectsOut' | 'failedObjects'): number =>
  reports.reduce((total, report) => total + report[key], 0)

/**
 * Runs `task` unless its output is up to date.
 *
 * @throws HypergolError E_OUTPUT_STALE (an output from other inputs or another task, without `rebuild`),
 *   E_TASK_FAILED, E_WORKER_DIED, E_INPUT_MISMATCH, E_TASK_BUSY, or an input's dataset error.
 */
export const runTask = async (task: Task, options: RunTaskOptions): Promise<TaskRunReport> => {
  const verify = options.verify ?? true
  const inputChecksums = timed('check inputs', () => pinInputs(task, verify))
  try {
    return await runPinnedTask(task, options, inputChecksums)
  } finally {
    unpinInputs(task)
  }
}

/** {@link runTask} once the inputs are pinned to the versions whose checksums are `inputChecksums`. */
const runPinnedTask = async (
  task: Task,
  options: RunTaskOptions,
  inputChecksums: string[],
): Promise<TaskRunReport> => {
  const started = performance.now()
  const name = task.constructor.name
  const output = task.outputDataset
  const fingerprint = fingerprintOf(task, options.sources ?? {})
  const keepGoing = options.keepGoing ?? false
  const rebuild = options.rebuild ?? false
  // A rebuilt output is replaced whatever it holds, so it is not loaded: one whose .def was edited or
  // damaged (which loading refuses) is rebuilt too.
  const state = rebuild
    ? undefined
    : timed('check outputs', () => inspectOutput(task, fingerprint, { inputChecksums, keepGoing }))
  const replacing = state === undefined ? output.isComplete() : state.kind !== 'missing'
  if (state?.kind === 'up-to-date') {
    getLogger().info(`${name}: ${output.name} is up to date, skipped`)
    return {
      name,
      status: 'up-to-date',
      jobs: 0,
      workers: 0,
      objectsIn: 0,
      objectsOut: 0,
      failedObjects: 0,
      seconds: (performance.now() - started) / 1000,
      checksum: state.checksum,
    }
  }
  if (state?.kind === 'stale') {
    throw staleOutputError(
      task,
      state.reasons,
      'Rerun with --rebuild to rebuild the selected tasks (add --only-tasks N for just this one), or delete the output.',
    )
  }
  const jobs = await timedAsync('plan jobs', () => resolveJobs(task))
  const workers = Math.max(1, Math.min(task.threads ?? options.context.threads, jobs.length))
  const scratchDir = scratchDirOf(output.location, output.name)
  acquireScratch(scratchDir)
  let failedCount = 0
  const firstFailures: PartialRecord['firstFailures'] = []
  let results: JobResult[]
  let checksum: string
  try {
    const progress = startProgress(name, jobs.length, 'jobs')
    // Objects read so far per job, from progress messages and then final reports, for the rate shown.
    const objectsInOf = new Map<number, number>()
    let objectsIn = 0
    let jobsDone = 0
    const countObjectsIn = (jobId: number, jobObjectsIn: number) => {
      objectsIn += jobObjectsIn - (objectsInOf.get(jobId) ?? 0)
      objectsInOf.set(jobId, jobObjectsIn)
      const seconds = (performance.now() - started) / 1000
      progress.update(jobsDone, `${objectsIn} objects, ${Math.round(objectsIn / Math.max(seconds, 1e-3))}/s`)
    }
    // The git facts the output records are read while the Workers start, all git processes at once, and
    // taken by the output's repoInfo (the DatasetFactory's, or the default) in place of reading them again.
    const repoFacts = prefetchRepoInfo(process.cwd(), { excluding: output.location })
    const runningSince = performance.now()
    let workersReadyIn = 0
    const running =
      jobs.length === 0
        ? Promise.resolve([])
        : runJobsOnWorkers(
            name,
            {
              type: 'start',
              pipelinePath: options.pipelinePath,
              context: options.context,
              taskIndex: options.taskIndex,
              identity: fingerprint.identity,
              inputChecksums,
              verify: options.verify ?? true,
              scratchDir,
              keepGoing,
            },
            jobs,
            workers,
            {
              jobTimeoutMs:
                options.jobTimeoutSeconds === undefined ? undefined : options.jobTimeoutSeconds * 1000,
              onWorkersReady: (milliseconds) => {
                workersReadyIn = milliseconds
                addTiming('workers start', milliseconds)
                getLogger().debug(`${name}: ${workers} worker(s) ready in ${milliseconds.toFixed(1)} ms`)
                options.onWorkersReady?.(milliseconds)
              },
              onWorkerTimings: (timings) => {
                addTiming('  worker boot', timings.boot)
                addTiming('  worker loads pipeline', timings.loadPipeline)
                addTiming('  worker pins inputs', timings.pinInputs)
              },
              onProgress: countObjectsIn,
              onObjectFailed: (failure) => {
                failedCount++
                if (failedCount <= LOGGED_FAILURES) {
                  firstFailures.push({
                    job: failure.jobId,
                    object: failure.position,
                    item: failure.item,
                    message: failure.message,
                  })
                  getLogger().warn(
                    `${name}: job ${failure.jobId}, input object ${failure.position} (${failure.item}) failed: ${failure.message}`,
                  )
                }
              },
              onJobDone: (report) => {
                jobsDone++
                countObjectsIn(report.jobId, report.objectsIn)
              },
            },
          )
    // Read git (a few processes, tens of ms) while the Workers start rather than after the jobs: the commit
    // recorded is then the one whose code runs.
    // Done now, while the Workers start, rather than after the jobs: loading the logger (about 13 ms) and the
    // time zone, which the engine reads at the first local time (about 8 ms; the .def records one).
    getLogger()
    DateTime.now()
    let repoInfo: RepoInfo
    const forgetRepoFacts = await timedAsync('git (while workers start)', () => repoFacts)
    try {
      repoInfo = output.resolveRepoInfo()
    } catch (error) {
      // Only a dataset's own repoInfo function can throw; let the Workers end before reporting it.
      await running.catch(() => undefined)
      throw error
    } finally {
      forgetRepoFacts()
    }
    results = await running
    addTiming('jobs', performance.now() - runningSince - workersReadyIn)
    progress.finish()
    if (repoInfo.uncommitted !== undefined) {
      getLogger().warn(
        `${name}: the working tree has uncommitted changes (--allow-dirty); ${output.name}'s lineage records them: ${describeChanges(repoInfo.uncommitted)}`,
      )
    }
    const writer = timed('open output', () =>
      output.openWriter({
        extra: {
          ...renderTaskEntry(task, fingerprint),
          ...renderPartialEntry({ failedObjects: failedCount, firstFailures }),
        },
        replace: replacing,
        force: rebuild,
        repoInfo,
      }),
    )
    try {
      timed('merge', () =>
        mergeJobOutputs(
          writer,
          output.chunkCount,
          results.map((result) => result.pieces),
        ),
      )
      checksum = writer.close().checksum
    } catch (error) {
      writer.abort()
      throw error
    }
  } finally {
    timed('clean scratch', () => releaseScratch(scratchDir))
    if (failedCount > LOGGED_FAILURES)
      getLogger().warn(`${name}: … and ${failedCount - LOGGED_FAILURES} more failing objects`)
  }
  const reports = results.map((result) => result.report)
  await timedAsync('finish task', async () => task.finishTask(reports, workers))
  return {
    name,
    status: 'built',
    jobs: jobs.length,
    workers,
    objectsIn: sum(reports, 'objectsIn'),
    objectsOut: sum(reports, 'objectsOut'),
    failedObjects: sum(reports, 'failedObjects'),
    seconds: (performance.now() - started) / 1000,
    checksum,
  }
}
