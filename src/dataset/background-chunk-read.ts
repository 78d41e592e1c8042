/**
 * @module background-chunk-read
 * Reading a chunk file on a second core: a main-thread reader hands the file to one shared Worker
 * (`chunk-read-worker.ts`), which reads, decompresses and hashes it and hands the decompressed bytes back in
 * blocks, while the reader's thread parses. Decompressing and hashing are a third of reading a dataset of
 * small objects, so this is what makes verified reads cost nothing there.
 *
 * Only the main thread does this (a pipeline Worker's core is busy already), only for files large enough to
 * repay the messages, and only once the Worker has started: it starts at the first such read, which goes on
 * inline meanwhile. A Worker that fails to start leaves every read inline. The Worker is unreferenced while
 * no read waits on it, so an idle one never keeps the process alive.
 */
import { entryUrl } from '../entry-url.ts'
import type { ChunkReadFailure, FromChunkReadWorker, ToChunkReadWorker } from './chunk-read-messages.ts'

/** Compressed files smaller than this are read inline: their messages would cost more than they save. */
export const BACKGROUND_MIN_BYTES = 64 * 1024

/** How far the Worker may read ahead of the reader, per file. */
const WINDOW_BYTES = 4 * 1024 * 1024

/** Files read ahead of their reader, at most: each holds up to {@link WINDOW_BYTES}. */
const MAX_PREFETCHED = 2

/** One file being read: blocks received and not yet taken, then its end or its failure. */
interface PendingRead {
  id: number
  path: string
  hash: boolean
  blocks: Uint8Array[]
  end: { sha1: string | undefined } | undefined
  failure: { reason: ChunkReadFailure; message: string; code: string | undefined } | undefined
  wake: (() => void) | undefined
}

interface ChunkReadThread {
  worker: Worker
  /**
   * Set to 1 by the Worker once it runs. Shared memory, not a message: a reader busy reading inline may not
   * let the event loop deliver one until it is done.
   */
  alive: Int32Array
  broken: boolean
  reads: Map<number, PendingRead>
  /** Reads waiting on the Worker: while there are any, it keeps the process alive. */
  active: number
}

let thread: ChunkReadThread | undefined
let nextId = 0
let adopted = 0

/** How many chunk files the Worker has handed to readers so far (for tests and `--debug`). */
export const countBackgroundReads = (): number => adopted
/** Reads started before their reader asked (the next chunk of a dataset being read), oldest first. */
const prefetched: PendingRead[] = []

const wakeUp = (read: PendingRead): void => {
  const wake = read.wake
  read.wake = undefined
  wake?.()
}

const startThread = (): ChunkReadThread => {
  const worker = new Worker(entryUrl('./dataset/chunk-read-worker.ts'))
  worker.unref()
  const alive = new SharedArrayBuffer(4)
  worker.postMessage({ type: 'start', alive } satisfies ToChunkReadWorker)
  const started: ChunkReadThread = {
    worker,
    alive: new Int32Array(alive),
    broken: false,
    reads: new Map(),
    active: 0,
  }
  worker.onmessage = (event: MessageEvent<FromChunkReadWorker>) => {
    const message = event.data
    const read = started.reads.get(message.id)
    if (read === undefined) return
    if (message.type === 'block') read.blocks.push(new Uint8Array(message.buffer))
    else if (message.type === 'end') read.end = { sha1: message.sha1 }
    else read.failure = { reason: message.reason, message: message.message, code: message.code }
    wakeUp(read)
  }
  worker.onerror = (event) => {
    // Reads in progress fail; later ones go inline.
    started.broken = true
    for (const read of started.reads.values()) {
      read.failure ??= {
        reason: 'io',
        message: `the chunk-read Worker failed: ${event.message}`,
        code: undefined,
      }
      wakeUp(read)
    }
  }
  return started
}

/**
 * Whether a file of `size` compressed bytes is read in the background now; starts the Worker at the first
 * file that would be.
 */
export const readsInBackground = (size: number): boolean => {
  if (!Bun.isMainThread || size < BACKGROUND_MIN_BYTES) return false
  thread ??= startThread()
  return Atomics.load(thread.alive, 0) === 1 && !thread.broken
}

const post = (message: ToChunkReadWorker): void => thread?.worker.postMessage(message)

const startRead = (started: ChunkReadThread, path: string, hash: boolean): PendingRead => {
  const read: PendingRead = {
    id: nextId++,
    path,
    hash,
    blocks: [],
    end: undefined,
    failure: undefined,
    wake: undefined,
  }
  started.reads.set(read.id, read)
  post({ type: 'read', id: read.id, path, hash, window: WINDOW_BYTES })
  return read
}

const cancelRead = (started: ChunkReadThread, read: PendingRead): void => {
  started.reads.delete(read.id)
  if (read.end === undefined && read.failure === undefined) post({ type: 'cancel', id: read.id })
}

/** A read started ahead of its reader; `cancel` drops it unless its reader has taken it over. */
export interface ChunkPrefetch {
  cancel(): void
}

const NO_PREFETCH: ChunkPrefetch = { cancel: () => undefined }

/**
 * Starts reading the chunk file at `path` (`size` compressed bytes) before its reader asks for it, so that
 * its first block is there when the reader gets to it: a dataset reader calls this for the next chunk, and
 * cancels it if it stops before reaching that chunk (a later reader must never take over bytes read before
 * the file was replaced).
 */
export const prefetchChunk = (path: string, size: number, hash: boolean): ChunkPrefetch => {
  const started = thread
  if (!readsInBackground(size) || started === undefined) return NO_PREFETCH
  const read = startRead(started, path, hash)
  prefetched.push(read)
  if (prefetched.length > MAX_PREFETCHED) cancelRead(started, prefetched.shift() as PendingRead)
  return {
    cancel: () => {
      const index = prefetched.indexOf(read)
      if (index === -1) return
      prefetched.splice(index, 1)
      cancelRead(started, read)
    },
  }
}

/** The prefetched read of `path`, taken out of the prefetched list. */
const adoptPrefetched = (path: string, hash: boolean): PendingRead | undefined => {
  const index = prefetched.findIndex((read) => read.path === path && read.hash === hash)
  return index === -1 ? undefined : prefetched.splice(index, 1)[0]
}

/**
 * Yields the decompressed bytes of the chunk file at `path`, read by the Worker (call only when
 * {@link readsInBackground} said so), and returns its SHA-1 when `hash`.
 *
 * @throws the Worker's failure, as {@link ChunkReadFailure} and a message, through `toError`.
 */
export async function* readChunkInBackground(
  path: string,
  hash: boolean,
  toError: (reason: ChunkReadFailure, message: string, code: string | undefined) => Error,
): AsyncGenerator<Uint8Array, string | undefined> {
  const started = thread
  if (started === undefined) throw new Error('readChunkInBackground before readsInBackground')
  const read = adoptPrefetched(path, hash) ?? startRead(started, path, hash)
  adopted++
  if (started.active++ === 0) started.worker.ref()
  try {
    for (;;) {
      const block = read.blocks.shift()
      if (block !== undefined) {
        post({ type: 'taken', id: read.id, bytes: block.length })
        yield block
        continue
      }
      if (read.failure !== undefined)
        throw toError(read.failure.reason, read.failure.message, read.failure.code)
      if (read.end !== undefined) return read.end.sha1
      await new Promise<void>((resolve) => {
        read.wake = resolve
      })
    }
  } finally {
    cancelRead(started, read)
    if (--started.active === 0) started.worker.unref()
  }
}
