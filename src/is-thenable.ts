/**
 * @module is-thenable
 * Telling a promise-like value from a plain one, so hot loops await only what needs awaiting (a bare
 * `await` costs a microtask per call even on plain values).
 */

/** Whether `value` has a callable `then`, as `await` would treat it. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
