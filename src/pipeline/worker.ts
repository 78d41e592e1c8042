/**
 * @module worker
 * The pipeline Worker's entry (a build entrypoint, STACK.md §7). On `start` it imports the user's pipeline
 * module, builds the pipeline from the same context as the main thread and takes the task at the same
 * index, checking its identity; then it runs the jobs it is sent, one at a time. It never exits the
 * process: every failure is posted back (STYLE.md §40).
 */
import type { BaseData } from '../data/base-data.ts'
import { HypergolError } from '../errors.ts'
import { describeUnhandledRejection } from '../runtime/user-frame.ts'
import { taskIdentityOf } from './fingerprint.ts'
import { pinWorkerInputs } from './input-pins.ts'
import { workerPartsPath } from './job-output.ts'
import { loadPipeline } from './load-pipeline.ts'
import { type FromWorker, serializeError, type ToWorker } from './messages.ts'
import { type RunJobContext, runJob } from './run-job.ts'
import type { Task } from './task.ts'

declare const self: Worker

const post = (message: FromWorker): void => self.postMessage(message)

let task: Task | undefined
let context: RunJobContext | undefined
let currentJob: number | undefined
/** Set once task code left a promise that rejected with nobody to catch it: the task has failed. */
let rejected = false
/** Set once a message's work failed (and was reported). */
let failed = false

// A promise of task code that rejects with nobody to catch it is work that failed: fail the task, naming
// the job and where in the user's code it came from (Bun would otherwise drop it silently in a Worker).
process.on('unhandledRejection', (reason: unknown) => {
  rejected = true
  const where =
    task === undefined
      ? ''
      : `task ${task.constructor.name}${currentJob === undefined ? '' : `, job ${currentJob}`}: `
  const error = new HypergolError('E_TASK_FAILED', `${where}${describeUnhandledRejection(reason)}`, {
    cause: reason,
    hint: 'Nothing was published. Await the promise (or catch its error) in the task; --debug prints the trace.',
  })
  post({ type: 'failed', jobId: currentJob, error: serializeError(error) })
})

const start = async (message: Extract<ToWorker, { type: 'start' }>): Promise<void> => {
  // performance.now() counts from this Worker's own start.
  const boot = performance.now()
  const pipeline = await loadPipeline(message.pipelinePath, message.context)
  const loaded = performance.now()
  const candidate = pipeline.tasks[message.taskIndex]
  if (candidate === undefined || taskIdentityOf(candidate) !== message.identity) {
    throw new HypergolError(
      'E_PIPELINE_LOAD',
      `${message.pipelinePath} built a different task ${message.taskIndex} in a Worker than in the main thread`,
      {
        hint: 'A pipeline module is imported again in every Worker: build the tasks from the RunContext only (no random values, clocks or environment).',
      },
    )
  }
  pinWorkerInputs(candidate, message.inputChecksums, message.verify)
  const pinned = performance.now()
  task = candidate
  context = {
    partsPath: workerPartsPath(message.scratchDir, candidate.outputDataset.name, message.workerIndex),
    keepGoing: message.keepGoing,
    wholeCache: new Map<string, BaseData[]>(),
  }
  post({ type: 'ready', timings: { boot, loadPipeline: loaded - boot, pinInputs: pinned - loaded } })
}

const job = async (message: Extract<ToWorker, { type: 'job' }>): Promise<void> => {
  if (task === undefined || context === undefined) throw new Error('job before start')
  const jobId = message.job.id
  currentJob = jobId
  const { report, pieces } = await runJob(task, message.job, {
    ...context,
    onProgress: (objectsIn, objectsOut) => post({ type: 'progress', jobId, objectsIn, objectsOut }),
    onObjectFailed: (failure) => post({ type: 'object-failed', failure }),
  })
  // Bun reports a rejection nobody caught only once the current task of the event loop ends: let it, so
  // that a job whose code left one fails rather than counting as done.
  await new Promise((resolve) => setImmediate(resolve))
  if (rejected) return
  post({ type: 'job-done', report, pieces })
}

const handle = async (message: ToWorker): Promise<void> => {
  // After a failure the main thread stops every Worker; jobs queued meanwhile are not started.
  if (rejected || failed) return
  try {
    if (message.type === 'start') await start(message)
    else await job(message)
  } catch (error) {
    failed = true
    post({
      type: 'failed',
      jobId: message.type === 'job' ? message.job.id : undefined,
      error: serializeError(error),
    })
  }
}

// The main thread sends the next job before this one ends (worker-pool.ts): messages are handled one at a
// time, in order, each after the previous one's work is done.
let queue: Promise<void> = Promise.resolve()
self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data
  queue = queue.then(() => handle(message))
}
