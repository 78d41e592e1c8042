/**
 * @module gzip-worker
 * The gzip Worker's entry (a build entrypoint, STACK.md §7): compresses and appends the chunk pieces that
 * main-thread dataset writers hand over (`background-gzip.ts`), one at a time, in the order received. It
 * reports through each writer's shared control block rather than by message, because a writer does not
 * yield to the event loop while it writes; buffers go back on a port the writer polls.
 */
import { appendFileSync } from 'node:fs'
import { CONTROL, CONTROL_SLOTS, MESSAGE_OFFSET, STATE, type ToGzipWorker } from './gzip-messages.ts'
import { GZIP_OPTIONS } from './gzip-options.ts'

declare const self: Worker

interface Writer {
  slots: Int32Array
  control: SharedArrayBuffer
}

const writers = new Map<number, Writer>()
let returns: MessagePort | undefined

const fail = (writer: Writer, message: string): void => {
  const bytes = new TextEncoder().encode(message).subarray(0, writer.control.byteLength - MESSAGE_OFFSET)
  new Uint8Array(writer.control, MESSAGE_OFFSET).set(bytes)
  Atomics.store(writer.slots, CONTROL.messageLength, bytes.length)
  Atomics.store(writer.slots, CONTROL.state, STATE.failed)
}

const appendPiece = (message: Extract<ToGzipWorker, { path: string }>): number => {
  const writer = writers.get(message.writer)
  const length = message.type === 'gzip' ? message.length : message.bytes.length
  if (writer === undefined) return length
  try {
    // A failed or aborted writer's remaining pieces are dropped: nothing of it will be published.
    if (Atomics.load(writer.slots, CONTROL.state) === STATE.ok) {
      appendFileSync(
        message.path,
        message.type === 'gzip'
          ? Bun.gzipSync(new Uint8Array(message.buffer, 0, message.length), GZIP_OPTIONS)
          : message.bytes,
      )
    }
  } catch (error) {
    fail(writer, `${message.path}: ${(error as Error).message}`)
  } finally {
    Atomics.sub(writer.slots, CONTROL.inFlight, length)
    Atomics.notify(writer.slots, CONTROL.inFlight)
  }
  return length
}

self.onmessage = (event: MessageEvent<ToGzipWorker>) => {
  const message = event.data
  switch (message.type) {
    case 'start':
      returns = message.returns
      Atomics.store(new Int32Array(message.alive), 0, 1)
      return
    case 'open':
      writers.set(message.writer, {
        slots: new Int32Array(message.control, 0, CONTROL_SLOTS),
        control: message.control,
      })
      return
    case 'close':
      writers.delete(message.writer)
      return
    case 'gzip':
      appendPiece(message)
      returns?.postMessage(message.buffer, [message.buffer])
      return
    case 'append':
      appendPiece(message)
      return
  }
}
