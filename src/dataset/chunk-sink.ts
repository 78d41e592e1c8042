/**
 * @module chunk-sink
 * Where a writer's lines go: one pending byte buffer per chunk, flushed as a gzip member to a
 * {@link ChunkTarget} (the chunk files of a dataset, or a pipeline job's single parts file). Memory is
 * bounded by a total budget over all chunks. A chunk made of several gzip members is valid gzip, and Python
 * reads it (FORMAT.md §4).
 */
import {
  appendFileSync,
  closeSync,
  fstatSync,
  openSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { ByteOut } from '../data/render-bytes.ts'
import { writingTo } from '../os-error.ts'
import { timed } from '../timings.ts'
import { BackgroundGzip } from './background-gzip.ts'
import { GZIP_OPTIONS } from './gzip-options.ts'
import { fsyncFiles } from './staging.ts'

/** Receives the pieces of each chunk, in the order they are flushed. */
export interface ChunkTarget {
  /** Appends gzip bytes to chunk `index`. */
  write(index: number, compressed: Uint8Array): void
  /**
   * Appends `out.bytes[0, length)` (whole lines) to chunk `index` as one gzip member. The target may keep
   * `out.bytes` and give `out` another buffer of the same size.
   */
  writeContent(index: number, out: ByteOut, length: number): void
  /**
   * A chunk with this many bytes pending is flushed at once, without waiting for the budget: a target that
   * compresses on another core wants pieces early, to work while lines are still being rendered.
   */
  readonly pieceBytes: number
}

/**
 * Pending bytes above which all buffers are flushed. Large enough for good compression with 16 chunks,
 * small enough that a 4096-chunk writer stays far below 100 MB.
 */
const FLUSH_BUDGET_BYTES = 8 * 1024 * 1024

const EMPTY_GZIP = Bun.gzipSync(new Uint8Array(0), GZIP_OPTIONS)

/** The SHA-1 of no bytes: that of a chunk with no content. */
const EMPTY_SHA1 = new Bun.CryptoHasher('sha1').digest('hex')

/**
 * Pending bytes of a chunk from which a main-thread writer hands pieces to the gzip Worker. Writers of
 * smaller datasets never reach it and compress inline, without waiting for a Worker to start.
 */
const BACKGROUND_PIECE_BYTES = 256 * 1024

/**
 * A dataset's chunk files. No file stays open between flushes (the original kept every chunk file open:
 * 4096 per dataset). On the main thread, once a piece is large enough to be worth it, compression and
 * appends move to the gzip Worker for the rest of the writer's life, so their order is kept (in a
 * Worker, the other cores are already busy with the other Workers).
 */
export class ChunkFiles implements ChunkTarget {
  private readonly written: boolean[]
  private background: BackgroundGzip | undefined
  readonly pieceBytes: number

  /** @param paths the chunk files, in chunk order. */
  constructor(private readonly paths: string[]) {
    this.written = paths.map(() => false)
    this.pieceBytes = Bun.isMainThread ? BACKGROUND_PIECE_BYTES : Number.POSITIVE_INFINITY
  }

  write(index: number, compressed: Uint8Array): void {
    const path = this.paths[index] as string
    if (this.background !== undefined) this.background.append(path, compressed)
    else writingTo(path, () => appendFileSync(path, compressed))
    this.written[index] = true
  }

  writeContent(index: number, out: ByteOut, length: number): void {
    if (this.background === undefined && length >= this.pieceBytes) this.background = new BackgroundGzip()
    const path = this.paths[index] as string
    if (this.background !== undefined) this.background.gzipAppend(path, out, length)
    else
      writingTo(path, () => appendFileSync(path, Bun.gzipSync(out.bytes.subarray(0, length), GZIP_OPTIONS)))
    this.written[index] = true
  }

  /**
   * Waits for the pieces still being compressed, creates the empty chunks (a valid empty gzip stream, never
   * a zero-byte file) and flushes every file to disk.
   *
   * @throws HypergolError E_IO when a piece could not be written.
   */
  finish(): void {
    this.background?.drain()
    this.background?.close()
    for (const [index, path] of this.paths.entries())
      if (!this.written[index]) writingTo(path, () => writeFileSync(path, EMPTY_GZIP))
    timed('fsync', () => fsyncFiles(this.paths, dirname(this.paths[0] ?? '.')))
  }

  /** Drops the pieces not yet written; the files may then be deleted. */
  abort(): void {
    this.background?.abort()
  }
}

/** Where one chunk's piece sits in a {@link PartsFile}. */
export interface ChunkPart {
  chunk: number
  offset: number
  length: number
}

/**
 * One file holding the gzip pieces of every chunk, with their places: what a pipeline job writes. A job
 * usually fills few of the output's chunks (an identity-preserving task writes to one), so one file per
 * chunk would mostly be empty files, and creating files is the slow part of a small job. The file is
 * appended to: the jobs a Worker runs share one, each job's pieces after the previous job's, so that a task
 * of 4096 small jobs creates, merges and deletes one file per Worker rather than 4096.
 */
export class PartsFile implements ChunkTarget {
  private readonly fd: number
  /** Where this writer's first piece starts: the file's length when it was opened. */
  private readonly start: number
  private offset: number
  /** Never closed twice: the descriptor's number may belong to another file by then. */
  private closed = false
  readonly parts: ChunkPart[] = []

  constructor(readonly path: string) {
    this.fd = writingTo(path, () => openSync(path, 'a'))
    this.start = fstatSync(this.fd).size
    this.offset = this.start
  }

  readonly pieceBytes = Number.POSITIVE_INFINITY

  write(index: number, compressed: Uint8Array): void {
    writingTo(this.path, () => writeSync(this.fd, compressed))
    this.parts.push({ chunk: index, offset: this.offset, length: compressed.length })
    this.offset += compressed.length
  }

  writeContent(index: number, out: ByteOut, length: number): void {
    this.write(index, Bun.gzipSync(out.bytes.subarray(0, length), GZIP_OPTIONS))
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }

  /**
   * Drops what this writer appended, leaving the file as it was opened (removed if it was new), closed or
   * not: a failed job leaves nothing behind.
   */
  discard(): void {
    this.close()
    if (this.start === 0) rmSync(this.path, { force: true })
    else truncateSync(this.path, this.start)
  }
}

/** Smallest capacity of a chunk's buffer; it doubles as needed. */
const MIN_CAPACITY = 4096

/**
 * Largest first capacity: small writers (a pipeline job writes a few thousand objects into each of 16
 * chunks) should not pay for fresh half-megabyte buffers they never fill.
 */
const MAX_INITIAL_CAPACITY = 64 * 1024

/** The per-chunk buffers and hashers of one dataset (or job output) being written. */
export class ChunkSink {
  /** Encoded lines waiting per chunk (`\n` after each); allocated on first use. */
  private readonly buffers: (ByteOut | undefined)[]
  private readonly lengths: number[]
  /** Allocated on a chunk's first content: most chunks of a job's output never get any. */
  private readonly hashers: (Bun.CryptoHasher | undefined)[]
  private readonly lineCounts: number[]
  /** Chunks taken over whole from another sink, with the SHA-1 that sink computed. */
  private readonly adopted: (string | undefined)[]
  /** The first capacity of a chunk's buffer: its share of the budget, so it rarely has to grow. */
  private readonly initialCapacity: number
  /** A buffer grown past this is dropped after its flush, so one busy moment does not pin its memory. */
  private readonly keepCapacity: number
  private readonly pieceBytes: number
  private totalPending = 0

  constructor(
    private readonly chunkCount: number,
    private readonly target: ChunkTarget,
  ) {
    this.buffers = new Array(chunkCount).fill(undefined)
    this.lengths = new Array(chunkCount).fill(0)
    this.hashers = new Array(chunkCount).fill(undefined)
    this.lineCounts = new Array(chunkCount).fill(0)
    this.adopted = new Array(chunkCount).fill(undefined)
    this.initialCapacity = Math.max(
      MIN_CAPACITY,
      Math.min(MAX_INITIAL_CAPACITY, Math.ceil(FLUSH_BUDGET_BYTES / Math.max(1, chunkCount))),
    )
    // A piece-sized buffer is kept: it fills again at once. Only budget flushes meet bigger ones.
    this.keepCapacity = Math.max(
      2 * this.initialCapacity,
      Number.isFinite(target.pieceBytes) ? 2 * target.pieceBytes : 0,
    )
    this.pieceBytes = target.pieceBytes
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
    if (end + 1 >= this.pieceBytes) this.flush(index)
    else if (this.totalPending >= FLUSH_BUDGET_BYTES) this.flushAll()
  }

  /**
   * Appends a finished piece of chunk `index`: `compressed` is gzip whose content is `content` (whole lines,
   * each ended by `\n`). The gzip bytes are copied as they are, a member sequence being valid gzip
   * (FORMAT.md §4); only the SHA-1 needs the content. Used to merge the outputs of a task's jobs.
   */
  appendCompressed(index: number, compressed: Uint8Array, content: Uint8Array, lineCount: number): void {
    if (content.length === 0) return
    if (this.adopted[index] !== undefined) throw new Error(`chunk ${index} was adopted whole`)
    this.flush(index)
    this.hasherOf(index).update(content)
    this.target.write(index, compressed)
    this.lineCounts[index] = (this.lineCounts[index] as number) + lineCount
  }

  /**
   * Takes over chunk `index` whole from another sink: its gzip pieces, the SHA-1 of their content and its
   * line count, so nothing needs decompressing. The chunk must be empty and receive nothing else.
   */
  adoptChunk(index: number, pieces: Iterable<Uint8Array>, sha1: string, lineCount: number): void {
    if (this.lineCounts[index] !== 0 || this.adopted[index] !== undefined) {
      throw new Error(`chunk ${index} is not empty and cannot be adopted`)
    }
    for (const piece of pieces) this.target.write(index, piece)
    this.adopted[index] = sha1
    this.lineCounts[index] = lineCount
  }

  /** Objects added per chunk so far. */
  get counts(): readonly number[] {
    return this.lineCounts
  }

  private flush(index: number): void {
    const length = this.lengths[index] as number
    const out = this.buffers[index]
    if (length === 0 || out === undefined) return
    this.hasherOf(index).update(out.bytes.subarray(0, length))
    this.target.writeContent(index, out, length)
    this.lengths[index] = 0
    if (out.bytes.length > this.keepCapacity) this.buffers[index] = undefined
    this.totalPending -= length
  }

  private hasherOf(index: number): Bun.CryptoHasher {
    let hasher = this.hashers[index]
    if (hasher === undefined) {
      hasher = new Bun.CryptoHasher('sha1')
      this.hashers[index] = hasher
    }
    return hasher
  }

  private flushAll(): void {
    for (let index = 0; index < this.chunkCount; index++) this.flush(index)
  }

  /** Writes what is pending and returns each chunk's SHA-1 over its uncompressed content. */
  finish(): string[] {
    this.flushAll()
    return this.hashers.map((hasher, index) => this.adopted[index] ?? hasher?.digest('hex') ?? EMPTY_SHA1)
  }
}
