/**
 * @module messages
 * What the main thread and a pipeline Worker say to each other: a discriminated union on `type` each way
 * (STYLE.md §22). Messages are structured clones, so they carry plain values only; errors travel as
 * {@link SerializedError} and are rebuilt on the other side.
 */

import { type ErrorCode, HypergolError } from '../errors.ts'
import { asHypergolError } from '../os-error.ts'
import type { JobPieces } from './job-output.ts'
import type { JobSpec } from './jobs.ts'
import type { RunContext } from './pipeline.ts'
import type { ObjectFailure } from './run-job.ts'
import type { JobReport } from './task.ts'

/** Main → Worker. */
export type ToWorker =
  | {
      type: 'start'
      pipelinePath: string
      context: RunContext
      taskIndex: number
      /** The task's identity in the main thread; the Worker's copy must have the same. */
      identity: string
      /** The inputs' checksums (in `task.allInputs()` order) the main thread pinned and the lineage records. */
      inputChecksums: string[]
      /** Check every input chunk against its `.chk` (off with `--no-verify`). */
      verify: boolean
      scratchDir: string
      /** This Worker's place in the pool, which names its parts file. */
      workerIndex: number
      keepGoing: boolean
    }
  | { type: 'job'; job: JobSpec }

/** Worker → main. */
export type FromWorker =
  /** `timings`: where the Worker's start went, in ms (its boot counts from its own start). */
  | { type: 'ready'; timings: { boot: number; loadPipeline: number; pinInputs: number } }
  | { type: 'progress'; jobId: number; objectsIn: number; objectsOut: number }
  | { type: 'object-failed'; failure: ObjectFailure }
  | { type: 'job-done'; report: JobReport; pieces: JobPieces }
  | { type: 'failed'; jobId: number | undefined; error: SerializedError }

/** An error as it crosses a Worker boundary. */
export interface SerializedError {
  code: ErrorCode | undefined
  message: string
  hint: string | undefined
  stack: string | undefined
  /** The stack of the error's cause (such as what the user's `run` threw), for `--debug`. */
  causeStack: string | undefined
}

/** Turns any thrown value into a {@link SerializedError}. */
export const serializeError = (thrown: unknown): SerializedError => {
  // An OS error in a Worker (a full disk) keeps its path and cause across: they are in the message.
  const error = asHypergolError(thrown)
  const cause = error instanceof Error ? error.cause : undefined
  return {
    code: error instanceof HypergolError ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
    hint: error instanceof HypergolError ? error.hint : undefined,
    stack: error instanceof Error ? error.stack : undefined,
    causeStack: cause instanceof Error ? cause.stack : undefined,
  }
}

/**
 * Rebuilds a Worker's error in the main thread: a `HypergolError` keeps its code and hint; anything else
 * (a bug, or an error in user code outside `run`) becomes E_TASK_FAILED naming the task and job.
 */
export const deserializeError = (error: SerializedError, where: string): HypergolError => {
  const cause = new Error(error.message)
  cause.stack = [error.stack, error.causeStack && `Caused by: ${error.causeStack}`].filter(Boolean).join('\n')
  if (error.code !== undefined) {
    return new HypergolError(error.code, error.message, { cause, hint: error.hint })
  }
  return new HypergolError('E_TASK_FAILED', `${where}: ${error.message}`, {
    cause,
    hint: 'Nothing was published. Rerun with --debug for the stack trace.',
  })
}
