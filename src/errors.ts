/**
 * @module errors
 * The one error class of hypergol, its stable codes, and how each code maps to an exit status and an HTTP
 * status. Library code throws; only `src/cli/main.ts` turns errors into exit codes (STYLE.md §11, §21).
 */

/** Every error code, with its process exit status and HTTP status. Exit 1 / HTTP 500 is reserved for bugs. */
const ERRORS = {
  E_USAGE: { exit: 2, http: 400 },
  E_INVALID_ARGUMENT: { exit: 2, http: 400 },
  E_DATASET_EXISTS: { exit: 3, http: 409 },
  E_DATASET_BUSY: { exit: 3, http: 409 },
  E_DATASET_STALE_WRITE: { exit: 3, http: 409 },
  E_DATASET_NOT_FOUND: { exit: 3, http: 404 },
  E_DATASET_INCOMPLETE: { exit: 3, http: 409 },
  E_DATASET_MISMATCH: { exit: 3, http: 409 },
  E_DATASET_CLOSED: { exit: 3, http: 500 },
  E_CHECKSUM_MISMATCH: { exit: 4, http: 500 },
  // `dataset verify` promises exit 1 on any mismatch, like sha1sum -c.
  E_VERIFY_FAILED: { exit: 1, http: 500 },
  E_CHUNK_MISSING: { exit: 4, http: 500 },
  E_CHUNK_CORRUPT: { exit: 4, http: 500 },
  E_CHUNK_COUNT: { exit: 2, http: 400 },
  E_DEF_INVALID: { exit: 4, http: 500 },
  E_CHK_INVALID: { exit: 4, http: 500 },
  E_JSON_SYNTAX: { exit: 4, http: 422 },
  E_DATA_INVALID: { exit: 4, http: 422 },
  E_DATA_CLASS: { exit: 2, http: 500 },
  E_HASH_ID: { exit: 4, http: 422 },
  E_INT_PRECISION: { exit: 4, http: 422 },
  E_TEMPORAL_FORMAT: { exit: 4, http: 422 },
  E_GIT: { exit: 6, http: 500 },
  E_REPO_DIRTY: { exit: 6, http: 500 },
  E_PIPELINE_LOAD: { exit: 2, http: 500 },
  E_TASK_DEFINITION: { exit: 2, http: 500 },
  E_INPUT_MISMATCH: { exit: 4, http: 500 },
  E_OUTPUT_STALE: { exit: 3, http: 409 },
  E_TASK_BUSY: { exit: 3, http: 409 },
  E_TASK_FAILED: { exit: 5, http: 500 },
  E_WORKER_DIED: { exit: 5, http: 500 },
  E_JOB_TIMEOUT: { exit: 5, http: 500 },
  E_TF_BACKEND: { exit: 1, http: 500 },
  E_NOT_A_PROJECT: { exit: 2, http: 500 },
  E_FILE_EXISTS: { exit: 3, http: 409 },
  E_IO: { exit: 3, http: 500 },
  E_STORAGE: { exit: 3, http: 502 },
  // The project's own tests or type check failed; their output says why.
  E_TOOL_FAILED: { exit: 1, http: 500 },
  E_CHECKPOINT_MISMATCH: { exit: 2, http: 500 },
  E_CHECKPOINT_INVALID: { exit: 4, http: 500 },
  E_CHECKPOINT_EXISTS: { exit: 3, http: 409 },
  E_DATASET_EMPTY: { exit: 3, http: 409 },
  E_MODEL_DEFINITION: { exit: 2, http: 500 },
  E_TRAINING_FAILED: { exit: 5, http: 500 },
  E_SERVING_FAILED: { exit: 5, http: 500 },
  E_REQUEST_REJECTED: { exit: 4, http: 422 },
  E_ADDRESS_IN_USE: { exit: 3, http: 500 },
  // Stopped by Ctrl-C after saving what was done; 130 is the shell's status for SIGINT.
  E_INTERRUPTED: { exit: 130, http: 503 },
} as const satisfies Record<`E_${string}`, { exit: number; http: number }>

/** A stable error code; users grep for these, so a released code is never renamed. */
export type ErrorCode = keyof typeof ERRORS

/** Options of {@link HypergolError}. */
export interface HypergolErrorOptions {
  /** The error this one wraps. */
  cause?: unknown
  /** What the user should do next, printed under the message. */
  hint?: string
}

/**
 * An expected failure: bad input, a missing file, a checksum mismatch. The CLI prints its message and hint
 * without a stack trace and exits with the code's status.
 *
 * @example
 * throw new HypergolError('E_DATASET_EXISTS', `Dataset records already exists at ${path}.`, {
 *   hint: 'Choose another name or delete it.',
 * })
 */
export class HypergolError extends Error {
  override readonly name = 'HypergolError'
  readonly hint: string | undefined

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: HypergolErrorOptions = {},
  ) {
    super(message, { cause: options.cause })
    this.hint = options.hint
  }
}

/** The process exit status for an error: the code's status for a {@link HypergolError}, 1 for anything else. */
export const exitStatusOf = (error: unknown): number =>
  error instanceof HypergolError ? ERRORS[error.code].exit : 1

/**
 * The HTTP status for an error: the code's status for a {@link HypergolError}, 500 for anything else.
 * @public used by serving
 */
export const httpStatusOf = (error: unknown): number =>
  error instanceof HypergolError ? ERRORS[error.code].http : 500

/**
 * For exhaustive switches over closed unions: a compile error when a case is missed.
 * @public
 */
export const assertUnreachable = (value: never): never => {
  throw new Error(`unreachable: ${String(value)}`)
}
