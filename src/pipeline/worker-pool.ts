/**
 * @module worker-pool
 * Runs a task's jobs on Bun Workers (STACK.md §5, §7): each Worker loads the pipeline once, then runs jobs
 * one after the other, always holding the next one ({@link JOBS_IN_FLIGHT}) so that it never waits for the
 * main thread between two jobs. The first failure (a job's error, an uncaught error, or a Worker that
 * exits, as after `process.exit` or running out of memory) stops everything: every Worker is terminated and
 * the error names the task and the job. Workers are always terminated at the end, so none outlives its task.
 */
import { entryUrl } from '../entry-url.ts'
import { HypergolError } from '../errors.ts'
import { onInterrupt } from '../interrupt.ts'
import type { JobPieces } from './job-output.ts'
import type { JobSpec } from './jobs.ts'
import { deserializeError, type FromWorker, type ToWorker } from './messages.ts'
import type { ObjectFailure } from './run-job.ts'
import type { JobReport } from './task.ts'

/** What the pool reports while it runs. */
export interface WorkerPoolHandlers {
  onProgress?: (jobId: number, objectsIn: number, objectsOut: number) => void
  onObjectFailed?: (failure: ObjectFailure) => void
  onJobDone?: (report: JobReport) => void
  /** Called once every Worker has loaded the pipeline, with the milliseconds that took. */
  onWorkersReady?: (milliseconds: number) => void
  /** Called as each Worker is ready, with where its start went (ms). */
  onWorkerTimings?: (timings: Extract<FromWorker, { type: 'ready' }>['timings']) => void
  /** Stop the task when one job runs longer than this (`--job-timeout`). @default no limit */
  jobTimeoutMs?: number
}

/** What every Worker is started with; the pool adds each one's index. */
/**
 * Jobs sent to a Worker and not yet done: the one it runs and the next, queued in the Worker. Small jobs
 * (4096 chunks of a few objects) would otherwise each wait a message round trip, their longest part.
 */
const JOBS_IN_FLIGHT = 2

type StartMessage = Omit<Extract<ToWorker, { type: 'start' }>, 'workerIndex'>

/** A finished job. */
export interface JobResult {
  report: JobReport
  pieces: JobPieces
}

/**
 * Runs `jobs` on `size` Workers and returns, in job order, each job's report and where its output pieces
 * are in its parts file.
 *
 * @param taskName for messages.
 * @throws HypergolError from the failing job (E_TASK_FAILED, E_INPUT_MISMATCH, …) or E_WORKER_DIED.
 */
export const runJobsOnWorkers = (
  taskName: string,
  start: StartMessage,
  jobs: readonly JobSpec[],
  size: number,
  handlers: WorkerPoolHandlers = {},
): Promise<JobResult[]> => {
  const results: JobResult[] = new Array(jobs.length)
  const workerCount = Math.max(1, Math.min(size, jobs.length))
  const workers: Worker[] = []
  /** The jobs each Worker holds, in the order it runs them. */
  const running = new Map<Worker, number[]>()
  const started = performance.now()
  let next = 0
  let done = 0
  let ready = 0
  let settled = false

  return new Promise<JobResult[]>((resolve, reject) => {
    const terminateAll = (): void => {
      for (const worker of workers) worker.terminate()
    }
    // On Ctrl-C, stop the Workers before the scratch space they write to is removed.
    const forgetInterrupt = onInterrupt(terminateAll)
    const finish = (error?: unknown): void => {
      if (settled) return
      settled = true
      if (watch !== undefined) clearInterval(watch)
      forgetInterrupt()
      terminateAll()
      if (error === undefined) resolve(results)
      else reject(error)
    }
    /** When each Worker's current job (the first it holds) started, as near as the main thread knows. */
    const jobStarted = new Map<Worker, number>()
    const dispatch = (worker: Worker): void => {
      const job = jobs[next]
      if (job === undefined) return
      next++
      const held = running.get(worker) ?? []
      running.set(worker, [...held, job.id])
      if (held.length === 0) jobStarted.set(worker, performance.now())
      worker.postMessage({ type: 'job', job } satisfies ToWorker)
    }
    /** Forgets a finished job; the Worker goes straight on to the next one it holds. */
    const release = (worker: Worker, jobId: number): void => {
      const held = (running.get(worker) ?? []).filter((heldId) => heldId !== jobId)
      running.set(worker, held)
      if (held.length === 0) jobStarted.delete(worker)
      else jobStarted.set(worker, performance.now())
    }
    const timeoutMs = handlers.jobTimeoutMs
    // A job stuck in a loop never answers, so the limit is watched from here; terminating its Worker stops it.
    const watch =
      timeoutMs === undefined
        ? undefined
        : setInterval(
            () => {
              const now = performance.now()
              for (const [worker, since] of jobStarted) {
                if (now - since <= timeoutMs) continue
                finish(
                  new HypergolError(
                    'E_JOB_TIMEOUT',
                    `${where(worker)} did not finish within ${timeoutMs / 1000} s (--job-timeout)`,
                    {
                      hint: 'Nothing was published. Look for a loop or a promise that never settles in the task (init, run, sourceIterator, finishJob), or raise --job-timeout.',
                    },
                  ),
                )
                return
              }
            },
            Math.min(1000, Math.max(10, timeoutMs / 4)),
          )
    const where = (worker: Worker): string => {
      const jobId = running.get(worker)?.[0]
      return jobId === undefined ? `task ${taskName}` : `task ${taskName}, job ${jobId}`
    }
    const onMessage = (worker: Worker, message: FromWorker): void => {
      switch (message.type) {
        case 'ready':
          handlers.onWorkerTimings?.(message.timings)
          ready++
          if (ready === workerCount) handlers.onWorkersReady?.(performance.now() - started)
          for (let held = 0; held < JOBS_IN_FLIGHT; held++) dispatch(worker)
          return
        case 'progress':
          handlers.onProgress?.(message.jobId, message.objectsIn, message.objectsOut)
          return
        case 'object-failed':
          handlers.onObjectFailed?.(message.failure)
          return
        case 'job-done':
          results[message.report.jobId] = { report: message.report, pieces: message.pieces }
          release(worker, message.report.jobId)
          done++
          handlers.onJobDone?.(message.report)
          if (done === jobs.length) finish()
          else dispatch(worker)
          return
        case 'failed':
          finish(deserializeError(message.error, where(worker)))
          return
      }
    }
    const died = (worker: Worker, how: string): void => {
      finish(
        new HypergolError('E_WORKER_DIED', `${where(worker)}: a Worker ${how}`, {
          hint: "Nothing was published. A Worker dies when task code calls process.exit() or runs out of memory; lower --threads (or the task's threads) for memory-heavy tasks.",
        }),
      )
    }
    for (let i = 0; i < workerCount; i++) {
      let worker: Worker
      try {
        worker = new Worker(entryUrl('./pipeline/worker.ts'))
      } catch (error) {
        finish(error)
        return
      }
      workers.push(worker)
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(worker, event.data))
      worker.addEventListener('error', (event: ErrorEvent) => died(worker, `threw ${event.message}`))
      worker.addEventListener('close', (event: Event) => {
        const code = (event as Event & { code?: number }).code
        died(worker, `exited (code ${code ?? 'unknown'})`)
      })
      worker.postMessage({ ...start, workerIndex: i } satisfies ToWorker)
    }
  })
}
