/**
 * @module worker
 * The pipeline Worker's entry (a build entrypoint, STACK.md §7). On `start` it imports the user's pipeline
 * module, builds the pipeline from the same context as the main thread and takes the task at the same
 * index, checking its identity; then it runs the jobs it is sent, one at a time. It never exits the
 * process: every failure is posted back (STYLE.md §40).
 */
import type { BaseData } from '../data/base-data.ts'
import { HypergolError } from '../errors.ts'
import { taskIdentityOf } from './fingerprint.ts'
import { pinWorkerInputs } from './input-pins.ts'
import { loadPipeline } from './load-pipeline.ts'
import { type FromWorker, serializeError, type ToWorker } from './messages.ts'
import { type RunJobContext, runJob } from './run-job.ts'
import type { Task } from './task.ts'

declare const self: Worker

const post = (message: FromWorker): void => self.postMessage(message)

let task: Task | undefined
let context: RunJobContext | undefined

const start = async (message: Extract<ToWorker, { type: 'start' }>): Promise<void> => {
  const pipeline = await loadPipeline(message.pipelinePath, message.context)
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
  task = candidate
  context = {
    scratchDir: message.scratchDir,
    keepGoing: message.keepGoing,
    wholeCache: new Map<string, BaseData[]>(),
  }
  post({ type: 'ready' })
}

const job = async (message: Extract<ToWorker, { type: 'job' }>): Promise<void> => {
  if (task === undefined || context === undefined) throw new Error('job before start')
  const jobId = message.job.id
  const { report, pieces } = await runJob(task, message.job, {
    ...context,
    onProgress: (objectsIn, objectsOut) => post({ type: 'progress', jobId, objectsIn, objectsOut }),
    onObjectFailed: (failure) => post({ type: 'object-failed', failure }),
  })
  post({ type: 'job-done', report, pieces })
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data
  try {
    if (message.type === 'start') await start(message)
    else await job(message)
  } catch (error) {
    post({
      type: 'failed',
      jobId: message.type === 'job' ? message.job.id : undefined,
      error: serializeError(error),
    })
  }
}
