/**
 * @module chunk-sink
 * Where a writer's lines go: one pending byte buffer per chunk, flushed as a gzip member appended to the
 * chunk file. Memory is bounded by a total budget over all chunks and no file stays open between flushes
 * (the original kept every chunk file open: 4096 per dataset). A chunk file made of several gzip members is
 * valid gzip, and Python reads it (FORMAT.md §4).
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ByteOut } from '../data/render-bytes.ts'
import { fsyncFiles } from './staging.ts'

/**
 * Pending bytes above which all buffers are flushed. Large enough for good compression with 16 chunks,
 * small enough that a 4096-chunk writer stays far below 100 MB.
 */
const FLUSH_BUDGET_BYTES = 8 * 1024 * 1024

/** zlib level 2: 4× faster than Python's level 9 for a similar ratio (STACK.md §10); checksums are unaffected. */
const GZIP_LEVEL = 2

const EMPTY_GZIP = Bun.gzipSync(new Uint8Array(0), { level: GZIP_LEVEL })

/** Smallest capacity of a chunk's buffer; it doubles as needed. */
const MIN_CAPACITY = 4096

/** The per-chunk buffers, hashers and files of one dataset being written. */
export class ChunkSink {
  /** Encoded lines waiting per chunk (`\n` after each); allocated on first use. */
  private readonly buffers: (ByteOut | undefined)[]
  private readonly lengths: number[]
  private readonly hashers: Bun.CryptoHasher[]
  private readonly written: boolean[]
  private readonly lineCounts: number[]
  /** The first capacity of a chunk's buffer: its share of the budget, so it rarely has to grow. */
  private readonly initialCapacity: number
  /** A buffer grown past this is dropped after its flush, so one busy moment does not pin its memory. */
  private readonly keepCapacity: number
  private totalPending = 0

  /**
   * @param paths the chunk files, in chunk order.
   * @param durable flush the files to disk in {@link finish}; scratch data that a crash makes worthless
   *   anyway skips it.
   */
  constructor(
    private readonly paths: string[],
    private readonly durable = true,
  ) {
    this.buffers = paths.map(() => undefined)
    this.lengths = paths.map(() => 0)
    this.hashers = paths.map(() => new Bun.CryptoHasher('sha1'))
    this.written = paths.map(() => false)
    this.lineCounts = paths.map(() => 0)
    this.initialCapacity = Math.max(MIN_CAPACITY, Math.ceil(FLUSH_BUDGET_BYTES / Math.max(1, paths.length)))
    this.keepCapacity = 2 * this.initialCapacity
  }

  /** Adds one line, `line[0, length)` (UTF-8, without its `\n`), to chunk `index`. */
  add(index: number, line: Buffer, length: number): void {
    const used = this.lengths[index] as number
    const out = this.bufferOf(index)
    const bytes = used + length > out.bytes.length ? out.grow(used, used + length) : out.bytes
    line.copy(bytes, used, 0, length)
    this.commit(index, used + length)
  }

  /**
   * The buffer of chunk `index`, for writing a line in place from {@link pendingLength} on (growing it
   * through `grow`, which keeps what is before). Bytes written there count only once {@link commit}ted.
   */
  bufferOf(index: number): ByteOut {
    let out = this.buffers[index]
    if (out === undefined) {
      out = new ByteOut(this.initialCapacity)
      this.buffers[index] = out
    }
    return out
  }

  /** Where the next line of chunk `index` starts in its buffer. */
  pendingLength(index: number): number {
    return this.lengths[index] as number
  }

  /** Ends the line written in place in chunk `index`'s buffer at `end` (exclusive, before its `\n`). */
  commit(index: number, end: number): void {
    const out = this.bufferOf(index)
    const bytes = end + 1 > out.bytes.length ? out.grow(end, end + 1) : out.bytes
    bytes[end] = 0x0a
    this.totalPending += end + 1 - (this.lengths[index] as number)
    this.lengths[index] = end + 1
    this.lineCounts[index] = (this.lineCounts[index] as number) + 1
    if (this.totalPending >= FLUSH_BUDGET_BYTES) this.flushAll()
  }

  /**
   * Appends a finished piece of chunk `index`: `compressed` is gzip whose content is `content` (whole lines,
   * each ended by `\n`). The gzip bytes are copied as they are, a member sequence being valid gzip
   * (FORMAT.md §4); only the SHA-1 needs the content. Used to merge the outputs of a task's jobs.
   */
  appendCompressed(index: number, compressed: Uint8Array, content: Uint8Array, lineCount: number): void {
    if (content.length === 0) return
    this.flush(index)
    ;(this.hashers[index] as Bun.CryptoHasher).update(content)
    appendFileSync(this.paths[index] as string, compressed)
    this.written[index] = true
    this.lineCounts[index] = (this.lineCounts[index] as number) + lineCount
  }

  /** Objects added per chunk so far. */
  get counts(): readonly number[] {
    return this.lineCounts
  }

  private flush(index: number): void {
    const length = this.lengths[index] as number
    const out = this.buffers[index]
    if (length === 0 || out === undefined) return
    const bytes = out.bytes.subarray(0, length)
    ;(this.hashers[index] as Bun.CryptoHasher).update(bytes)
    appendFileSync(this.paths[index] as string, Bun.gzipSync(bytes, { level: GZIP_LEVEL }))
    this.written[index] = true
    this.lengths[index] = 0
    if (out.bytes.length > this.keepCapacity) this.buffers[index] = undefined
    this.totalPending -= length
  }

  private flushAll(): void {
    for (let index = 0; index < this.paths.length; index++) this.flush(index)
  }

  /**
   * Writes what is pending, creates the empty chunks (a valid empty gzip stream, never a zero-byte file),
   * flushes every file to disk and returns each chunk's SHA-1 over its uncompressed content.
   */
  finish(): string[] {
    this.flushAll()
    const digests = this.paths.map((path, index) => {
      if (!this.written[index]) writeFileSync(path, EMPTY_GZIP)
      return (this.hashers[index] as Bun.CryptoHasher).digest('hex')
    })
    if (this.durable) fsyncFiles(this.paths, dirname(this.paths[0] ?? '.'))
    return digests
  }
}
