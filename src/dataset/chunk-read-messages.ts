/**
 * @module chunk-read-messages
 * What a main-thread dataset reader and the chunk-read Worker say to each other (`background-chunk-read.ts`,
 * `chunk-read-worker.ts`): the reader asks for a chunk file and grants room for its decompressed bytes; the
 * Worker reads, decompresses and hashes it, and hands over blocks (transferred) and, at the end, the SHA-1.
 */

/** Main → Worker. */
export type ToChunkReadWorker =
  /** A flag (one Int32) the Worker sets to 1 once it runs. */
  | { type: 'start'; alive: SharedArrayBuffer }
  /** Read `path`; hash it when `hash`; at most `window` bytes may be handed over and not yet taken. */
  | { type: 'read'; id: number; path: string; hash: boolean; window: number }
  /** The reader took `bytes` more bytes. */
  | { type: 'taken'; id: number; bytes: number }
  /** The reader stopped early: stop reading. */
  | { type: 'cancel'; id: number }

/** Worker → main. */
export type FromChunkReadWorker =
  | { type: 'block'; id: number; buffer: ArrayBuffer }
  /** The whole file was read; `sha1` is its uncompressed content's SHA-1 when asked for. */
  | { type: 'end'; id: number; sha1: string | undefined }
  /** `code` is the OS error's (`EACCES`…), when it was one. */
  | { type: 'failed'; id: number; reason: ChunkReadFailure; message: string; code?: string }

/** Why a chunk could not be read (the reader turns it into E_CHUNK_MISSING or E_CHUNK_CORRUPT). */
export type ChunkReadFailure = 'missing' | 'corrupt' | 'io'
