/**
 * @module gzip-messages
 * What a dataset writer and the gzip Worker share (`background-gzip.ts`, `gzip-worker.ts`): the messages
 * that hand pieces over, and the layout of each writer's control block, through which the Worker answers.
 */

/** A message to the gzip Worker. */
export type ToGzipWorker =
  /**
   * The port on which the Worker gives back the buffers of compressed pieces, for reuse, and a flag
   * (one Int32) it sets once it runs.
   */
  | { type: 'start'; returns: MessagePort; alive: SharedArrayBuffer }
  | { type: 'open'; writer: number; control: SharedArrayBuffer }
  /** Compress `buffer[0, length)` as one gzip member and append it; `buffer` comes back on the port. */
  | { type: 'gzip'; writer: number; path: string; buffer: ArrayBuffer; length: number }
  /** Append `bytes` (already gzip) as they are. */
  | { type: 'append'; writer: number; path: string; bytes: Uint8Array }
  | { type: 'close'; writer: number }

/** Slots of a writer's control block, an `Int32Array` over its first {@link CONTROL_SLOTS} words. */
export const CONTROL = {
  /** Bytes handed over and not yet appended. */
  inFlight: 0,
  /** One of {@link STATE}. */
  state: 1,
  /** Length of the failure message (UTF-8 bytes), which starts at {@link MESSAGE_OFFSET}. */
  messageLength: 2,
} as const

/** Int32 slots at the start of a control block. */
export const CONTROL_SLOTS = 4

/** A writer's state. */
export const STATE = { ok: 0, failed: 1, aborted: 2 } as const

/** Where the failure message starts in the control block, in bytes. */
export const MESSAGE_OFFSET = 4 * CONTROL_SLOTS

/** Size of a control block: the slots and up to 1 KB of failure message. */
export const CONTROL_BYTES = MESSAGE_OFFSET + 1024
