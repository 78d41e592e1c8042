/**
 * @module background-chunk-read
 * Reading a chunk file on a second core: a main-thread reader hands the file to one shared Worker
 * (`chunk-read-worker.ts`), which reads, decompresses and hashes it and hands the decompressed bytes back in
 * blocks, while the reader's thread parses. Decompressing and hashing are a third of reading a dataset of
 * small objects, so this is what makes verified reads cost nothing there.
 *
 * Only the main thread does this (a pipeline Worker's core is busy already), only for files large enough to
 * repay the messages, and only once the Worker has started: it starts at the first such read, which goes on
 * inline meanwhile. A Worker that fails leaves every later read inline.
 *
 * A reader may start its next chunk early ({@link prefetchChunk}); the prefetch belongs to that reader, which
 * hands it to the read of that chunk or cancels it, so no other reader can take over bytes read before a file
 * was replaced. Reads are held weakly here: one its reader abandoned without closing it is collected with it,
 * and the Worker is told to stop. The Worker keeps the process alive only while a reader waits on it.
 */
import { entryUrl } from '../entry-url.ts'
import type { ChunkReadFailure, FromChunkReadWorker, ToChunkReadWorker } from './chunk-read-messages.ts'

/** Compressed files smaller than this are read inline: their messages would cost more than they save. */
export const BACKGROUND_MIN_BYTES = 64 * 1024

/** How far the Worker may read ahead of the reader, per file. */
const WINDOW_BYTES = 4 * 1024 * 1024

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
  /** The reads in progress, by id; held weakly, so that an abandoned one is collected. */
  reads: Map<number, WeakRef<PendingRead>>
  /**
   * The reads whose reader waits for a message, held strongly: the reader's suspended chain of promises is
   * reachable only through the read's `wake`, so a weakly held read would be collected with its waiting
   * reader. While there are any, the Worker keeps the process alive.
   */
  awaited: Set<PendingRead>
}

/** The Worker stopped working: the read may be done again inline. */
export class ChunkReadWorkerFailed extends Error {
  override readonly name = 'ChunkReadWorkerFailed'
}

let thread: ChunkReadThread | undefined
let nextId = 0
let adopted = 0

/** How many chunk files the Worker has handed to readers so far (for tests and `--debug`). */
export const countBackgroundReads = (): number => adopted

const post = (message: ToChunkReadWorker): void => thread?.worker.postMessage(message)

/** Tells the Worker to stop reading a file whose reader was collected without closing it. */
const abandoned = new FinalizationRegistry<number>((id) => {
  thread?.reads.delete(id)
  post({ type: 'cancel', id })
})

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
    awaited: new Set(),
  }
  worker.onmessage = (event: MessageEvent<FromChunkReadWorker>) => {
    const message = event.data
    const read = started.reads.get(message.id)?.deref()
    if (read === undefined) return
    if (message.type === 'block') read.blocks.push(new Uint8Array(message.buffer))
    else if (message.type === 'end') read.end = { sha1: message.sha1 }
    else read.failure = { reason: message.reason, message: message.message, code: message.code }
    wakeUp(read)
  }
  worker.onerror = (event) => {
    // Reads in progress are done again inline by their readers; later ones go inline from the start.
    started.broken = true
    for (const entry of started.reads.values()) {
      const read = entry.deref()
      if (read === undefined) continue
      read.failure ??= {
        reason: 'io',
        message: `the chunk-read Worker failed: ${event.message}`,
        code: 'WORKER',
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
  started.reads.set(read.id, new WeakRef(read))
  abandoned.register(read, read.id, read)
  post({ type: 'read', id: read.id, path, hash, window: WINDOW_BYTES })
  return read
}

const stopRead = (started: ChunkReadThread, read: PendingRead): void => {
  abandoned.unregister(read)
  started.reads.delete(read.id)
  if (read.end === undefined && read.failure === undefined) post({ type: 'cancel', id: read.id })
}

/** A chunk file read ahead of its reader: handed to {@link readChunkInBackground}, or cancelled. */
export interface ChunkPrefetch {
  /** Drops the read unless it was taken over. */
  cancel(): void
  /** The read, for the reader of the same file; undefined once taken or cancelled. @internal */
  take(path: string, hash: boolean): PendingRead | undefined
}

/**
 * Starts reading the chunk file at `path` (`size` compressed bytes) before its reader asks for it, so that
 * its first block is there when the reader gets to it: a dataset reader does this for its next chunk, hands
 * the prefetch to the read of that chunk, and cancels it if it stops before.
 */
export const prefetchChunk = (path: string, size: number, hash: boolean): ChunkPrefetch | undefined => {
  const started = thread
  if (!readsInBackground(size) || started === undefined) return undefined
  let read: PendingRead | undefined = startRead(started, path, hash)
  return {
    cancel: () => {
      if (read !== undefined) stopRead(started, read)
      read = undefined
    },
    take: (wanted, withHash) => {
      const taken = read !== undefined && read.path === wanted && read.hash === withHash ? read : undefined
      if (taken === undefined && read !== undefined) stopRead(started, read)
      read = undefined
      return taken
    },
  }
}

/** Waits for the Worker's next message about `read`, keeping the process alive meanwhile. */
const nextMessage = async (started: ChunkReadThread, read: PendingRead): Promise<void> => {
  if (started.awaited.size === 0) started.worker.ref()
  started.awaited.add(read)
  try {
    await new Promise<void>((resolve) => {
      read.wake = resolve
    })
  } finally {
    started.awaited.delete(read)
    if (started.awaited.size === 0) started.worker.unref()
  }
}

/**
 * Yields the decompressed bytes of the chunk file at `path`, read by the Worker (call only when
 * {@link readsInBackground} said so), and returns its SHA-1 when `hash`.
 *
 * @param prefetched the read of this file started early by the same reader, if any.
 * @throws the Worker's failure through `toError`, or ChunkReadWorkerFailed when the Worker itself failed.
 */
export async function* readChunkInBackground(
  path: string,
  hash: boolean,
  toError: (reason: ChunkReadFailure, message: string, code: string | undefined) => Error,
  prefetched?: ChunkPrefetch,
): AsyncGenerator<Uint8Array, string | undefined> {
  const started = thread
  if (started === undefined) throw new Error('readChunkInBackground before readsInBackground')
  const read = prefetched?.take(path, hash) ?? startRead(started, path, hash)
  adopted++
  try {
    for (;;) {
      const block = read.blocks.shift()
      if (block !== undefined) {
        post({ type: 'taken', id: read.id, bytes: block.length })
        yield block
        continue
      }
      const failure = read.failure
      if (failure !== undefined) {
        if (failure.code === 'WORKER') throw new ChunkReadWorkerFailed(failure.message)
        throw toError(failure.reason, failure.message, failure.code)
      }
      if (read.end !== undefined) return read.end.sha1
      await nextMessage(started, read)
    }
  } finally {
    stopRead(started, read)
  }
}
