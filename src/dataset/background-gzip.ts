/**
 * @module background-gzip
 * Compression and chunk-file appends of a main-thread dataset writer, on a second core. Compressing is about
 * a third of the work of writing a dataset, so the writer hands each finished piece to one shared Worker
 * (`gzip-worker.ts`) and goes on rendering lines.
 *
 * The writer never awaits, so `append` and `close` stay synchronous: each writer has a small shared control
 * block in which the Worker counts the bytes it has finished and records a failure, and the writer blocks
 * on it with `Atomics.wait` only when it is {@link MAX_IN_FLIGHT_BYTES} ahead, and in `drain()`. A piece's
 * buffer is transferred, not copied; the Worker gives it back on a port the writer polls synchronously, so
 * the same warm buffers circulate instead of fresh memory being faulted in for every piece.
 *
 * The pieces of one writer are appended in the order they were handed over, because one Worker takes them
 * from one queue. SHA-1s are computed by the writer before handing over.
 */
import type { MessagePort } from 'node:worker_threads'
import type { ByteOut } from '../data/render-bytes.ts'
import { entryUrl } from '../entry-url.ts'
import { HypergolError } from '../errors.ts'
import {
  CONTROL,
  CONTROL_BYTES,
  CONTROL_SLOTS,
  MESSAGE_OFFSET,
  STATE,
  type ToGzipWorker,
} from './gzip-messages.ts'

/** node:worker_threads, loaded by the first writer that compresses in the background (it costs start-up time). */
const workerThreads = (): typeof import('node:worker_threads') => require('node:worker_threads')

/** How far a writer may run ahead of the Worker. */
const MAX_IN_FLIGHT_BYTES = 16 * 1024 * 1024

/** Buffers kept for reuse, at most (by size, bytes). */
const MAX_POOLED_BYTES = 32 * 1024 * 1024

/** How long the Worker may make no progress before the writer gives up on it. */
const STALL_MS = 60_000

/** How long the Worker may take to start. */
const START_MS = 10_000

interface GzipThread {
  worker: Worker
  /** Set to 1 by the Worker once it runs. */
  alive: Int32Array
  /** Where the Worker gives buffers back. */
  returns: MessagePort
  /** Given-back buffers by size. */
  pool: Map<number, ArrayBuffer[]>
  pooledBytes: number
}

let thread: GzipThread | undefined
let nextWriter = 0

const gzipThread = (): GzipThread => {
  if (thread === undefined) {
    const worker = new Worker(entryUrl('./dataset/gzip-worker.ts'))
    // An idle compressor must not keep the process alive.
    worker.unref()
    const channel = new (workerThreads().MessageChannel)()
    const alive = new SharedArrayBuffer(4)
    worker.postMessage({ type: 'start', returns: channel.port2, alive } satisfies ToGzipWorker, [
      channel.port2 as unknown as Bun.Transferable,
    ])
    channel.port1.unref()
    thread = { worker, alive: new Int32Array(alive), returns: channel.port1, pool: new Map(), pooledBytes: 0 }
  }
  return thread
}

/** A buffer of `size` bytes, given back by the Worker if one is there, else new. */
const takeBuffer = (gzip: GzipThread, size: number): Buffer<ArrayBuffer> => {
  for (
    let returned = workerThreads().receiveMessageOnPort(gzip.returns);
    returned;
    returned = workerThreads().receiveMessageOnPort(gzip.returns)
  ) {
    const buffer = returned.message as ArrayBuffer
    if (gzip.pooledBytes + buffer.byteLength > MAX_POOLED_BYTES) continue
    const sized = gzip.pool.get(buffer.byteLength) ?? []
    sized.push(buffer)
    gzip.pool.set(buffer.byteLength, sized)
    gzip.pooledBytes += buffer.byteLength
  }
  const reused = gzip.pool.get(size)?.pop()
  if (reused === undefined) return Buffer.allocUnsafeSlow(size)
  gzip.pooledBytes -= size
  return Buffer.from(reused)
}

/** Compresses and appends the pieces of one writer's chunk files on the shared gzip Worker. */
export class BackgroundGzip {
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES)
  private readonly slots = new Int32Array(this.control, 0, CONTROL_SLOTS)
  private readonly id = nextWriter++
  private readonly gzip = gzipThread()
  private closed = false

  constructor() {
    this.post({ type: 'open', writer: this.id, control: this.control })
  }

  /**
   * Appends `out.bytes[0, length)` to the file at `path` as one gzip member. The buffer itself goes to the
   * Worker; `out` gets another one of the same size.
   */
  gzipAppend(path: string, out: ByteOut, length: number): void {
    const bytes = out.bytes
    this.beforeHandOver(length)
    out.bytes = takeBuffer(this.gzip, bytes.length)
    if (bytes.byteOffset !== 0 || bytes.buffer.byteLength !== bytes.length) {
      // Not a buffer of its own (never so for ByteOut's buffers): send a copy rather than someone's memory.
      const copy = Buffer.allocUnsafeSlow(length)
      bytes.copy(copy, 0, 0, length)
      this.send({ type: 'gzip', writer: this.id, path, buffer: copy.buffer, length }, length, [copy.buffer])
      return
    }
    this.send({ type: 'gzip', writer: this.id, path, buffer: bytes.buffer, length }, length, [bytes.buffer])
  }

  /** Appends gzip `bytes` (copied) to the file at `path`, after every piece handed over before. */
  append(path: string, bytes: Uint8Array): void {
    this.beforeHandOver(bytes.length)
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes)
    this.send({ type: 'append', writer: this.id, path, bytes: copy }, copy.length, [copy.buffer])
  }

  /**
   * Waits until every piece handed over is appended.
   *
   * @throws HypergolError E_IO when the Worker failed to write one (the message names the file).
   */
  drain(): void {
    this.waitUntil(0)
    this.assertOk()
  }

  /**
   * Drops the pieces not yet written and waits until the Worker has let go of them, so that it writes
   * nothing more into files the caller is about to delete. A Worker that failed to start or stalled is
   * not waited for again: it writes nothing either.
   */
  abort(): void {
    Atomics.compareExchange(this.slots, CONTROL.state, STATE.ok, STATE.aborted)
    try {
      if (Atomics.load(this.gzip.alive, 0) === 1) this.waitUntil(0)
    } catch {
      // Stalled: waitUntil has waited long enough already.
    } finally {
      this.close()
    }
  }

  /** Frees the writer's place in the Worker. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.post({ type: 'close', writer: this.id })
  }

  private beforeHandOver(length: number): void {
    this.assertOk()
    this.waitUntil(MAX_IN_FLIGHT_BYTES - length)
  }

  private send(message: ToGzipWorker, length: number, transfer: ArrayBuffer[]): void {
    Atomics.add(this.slots, CONTROL.inFlight, length)
    this.gzip.worker.postMessage(message, transfer)
  }

  private post(message: ToGzipWorker): void {
    this.gzip.worker.postMessage(message)
  }

  /**
   * Blocks until at most `limit` bytes are in flight.
   *
   * @throws HypergolError E_IO when the Worker does not start or stops making progress, rather than hang.
   */
  private waitUntil(limit: number): void {
    let inFlight = Atomics.load(this.slots, CONTROL.inFlight)
    let since = performance.now()
    while (inFlight > Math.max(0, limit)) {
      Atomics.wait(this.slots, CONTROL.inFlight, inFlight, 1000)
      const now = Atomics.load(this.slots, CONTROL.inFlight)
      if (now !== inFlight) {
        inFlight = now
        since = performance.now()
        continue
      }
      const waited = performance.now() - since
      if (Atomics.load(this.gzip.alive, 0) === 0 && waited > START_MS) {
        throw new HypergolError('E_IO', `the gzip Worker did not start within ${START_MS / 1000} s`, {
          hint: 'This is a bug in hypergol or its build; rerun with --debug and report the output. Nothing was published.',
        })
      }
      if (waited > STALL_MS) {
        throw new HypergolError('E_IO', `the gzip Worker made no progress for ${STALL_MS / 1000} s`, {
          hint: 'This is a bug in hypergol; rerun with --debug and report the output. Nothing was published.',
        })
      }
    }
  }

  private assertOk(): void {
    if (Atomics.load(this.slots, CONTROL.state) !== STATE.failed) return
    const length = Atomics.load(this.slots, CONTROL.messageLength)
    const message = new TextDecoder().decode(new Uint8Array(this.control, MESSAGE_OFFSET, length))
    throw new HypergolError('E_IO', `cannot write dataset chunk ${message}`, {
      hint: 'Check the disk space and the permissions of the data directory. Nothing was published.',
    })
  }
}
