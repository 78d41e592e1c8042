/**
 * @module chunk-read-worker
 * The chunk-read Worker's entry (a build entrypoint, STACK.md §7): reads, decompresses and hashes the chunk
 * files a main-thread reader asks for (`background-chunk-read.ts`), so that the reader's thread only parses.
 * Each file is handed over in blocks of at least {@link BLOCK_BYTES}, transferred, never more than the
 * reader's window ahead of what it has taken; several files may be in progress at once (zipped inputs).
 */
import type { ChunkReadFailure, FromChunkReadWorker, ToChunkReadWorker } from './chunk-read-messages.ts'

declare const self: Worker

/** Decompressed bytes gathered into one message: fewer messages, and fewer lines cut between blocks. */
const BLOCK_BYTES = 256 * 1024

interface Read {
  /** Bytes handed over and not yet taken. */
  ahead: number
  window: number
  cancelled: boolean
  /** Wakes the read when the reader takes bytes or cancels. */
  wake: (() => void) | undefined
}

const reads = new Map<number, Read>()

const post = (message: FromChunkReadWorker, transfer: ArrayBuffer[] = []): void =>
  self.postMessage(message, transfer)

/** Waits until the reader has room for more, or cancelled. */
const roomFor = (read: Read): Promise<void> | undefined =>
  read.ahead < read.window || read.cancelled
    ? undefined
    : new Promise((resolve) => {
        read.wake = resolve
      })

const handOver = async (id: number, read: Read, pieces: Uint8Array[], length: number): Promise<void> => {
  const block = new Uint8Array(length)
  let at = 0
  for (const piece of pieces) {
    block.set(piece, at)
    at += piece.length
  }
  read.ahead += length
  post({ type: 'block', id, buffer: block.buffer }, [block.buffer])
  await roomFor(read)
}

const failureOf = (error: unknown): ChunkReadFailure => {
  const code = (error as { code?: unknown }).code
  return code === 'ENOENT' ? 'missing' : typeof code === 'string' ? 'io' : 'corrupt'
}

const readFile = async (message: Extract<ToChunkReadWorker, { type: 'read' }>): Promise<void> => {
  const read: Read = { ahead: 0, window: message.window, cancelled: false, wake: undefined }
  reads.set(message.id, read)
  const hasher = message.hash ? new Bun.CryptoHasher('sha1') : undefined
  try {
    const file = Bun.file(message.path)
    if (!(await file.exists())) {
      post({ type: 'failed', id: message.id, reason: 'missing', message: message.path })
      return
    }
    // DecompressionStream reads every gzip member, as Python does (FORMAT.md §4, STACK.md §10).
    const stream = file.stream().pipeThrough(new DecompressionStream('gzip'))
    let pieces: Uint8Array[] = []
    let length = 0
    for await (const piece of stream) {
      if (read.cancelled) return
      hasher?.update(piece)
      pieces.push(piece)
      length += piece.length
      if (length >= BLOCK_BYTES) {
        await handOver(message.id, read, pieces, length)
        pieces = []
        length = 0
      }
    }
    if (read.cancelled) return
    if (length > 0) await handOver(message.id, read, pieces, length)
    post({ type: 'end', id: message.id, sha1: hasher?.digest('hex') })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    post({
      type: 'failed',
      id: message.id,
      reason: failureOf(error),
      message: (error as Error).message,
      ...(typeof code === 'string' ? { code } : {}),
    })
  } finally {
    reads.delete(message.id)
  }
}

self.onmessage = (event: MessageEvent<ToChunkReadWorker>) => {
  const message = event.data
  if (message.type === 'start') {
    Atomics.store(new Int32Array(message.alive), 0, 1)
    return
  }
  if (message.type === 'read') {
    void readFile(message)
    return
  }
  const read = reads.get(message.id)
  if (read === undefined) return
  if (message.type === 'taken') read.ahead -= message.bytes
  else read.cancelled = true
  if (read.ahead < read.window || read.cancelled) {
    const wake = read.wake
    read.wake = undefined
    wake?.()
  }
}
