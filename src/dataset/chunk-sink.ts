/**
 * @module chunk-sink
 * Where a writer's lines go: one pending text buffer per chunk, flushed as a gzip member appended to the
 * chunk file. Memory is bounded by a total budget over all chunks and no file stays open between flushes
 * (the original kept every chunk file open: 4096 per dataset). A chunk file made of several gzip members is
 * valid gzip, and Python reads it (FORMAT.md §4).
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { fsyncPath } from './staging.ts'

/**
 * Pending text above which all buffers are flushed. Large enough for good compression with 16 chunks,
 * small enough that a 4096-chunk writer stays far below 100 MB.
 */
const FLUSH_BUDGET_BYTES = 8 * 1024 * 1024

/** zlib level 2: 4× faster than Python's level 9 for a similar ratio (STACK.md §10); checksums are unaffected. */
const GZIP_LEVEL = 2

const EMPTY_GZIP = Bun.gzipSync(new Uint8Array(0), { level: GZIP_LEVEL })

/** The per-chunk buffers, hashers and files of one dataset being written. */
export class ChunkSink {
  private readonly pending: string[][]
  private readonly pendingBytes: number[]
  private readonly hashers: Bun.CryptoHasher[]
  private readonly written: boolean[]
  private readonly lineCounts: number[]
  private totalPending = 0

  /** @param paths the chunk files, in chunk order. */
  constructor(private readonly paths: string[]) {
    this.pending = paths.map(() => [])
    this.pendingBytes = paths.map(() => 0)
    this.hashers = paths.map(() => new Bun.CryptoHasher('sha1'))
    this.written = paths.map(() => false)
    this.lineCounts = paths.map(() => 0)
  }

  /** Adds one line (without its `\n`) to chunk `index`. */
  add(index: number, line: string): void {
    ;(this.pending[index] as string[]).push(line)
    // Lines are ASCII in canonical form, so length is the byte count up to escapes we never emit.
    const size = line.length + 1
    this.pendingBytes[index] = (this.pendingBytes[index] as number) + size
    this.lineCounts[index] = (this.lineCounts[index] as number) + 1
    this.totalPending += size
    if (this.totalPending >= FLUSH_BUDGET_BYTES) this.flushAll()
  }

  /** Objects added per chunk so far. */
  get counts(): readonly number[] {
    return this.lineCounts
  }

  private flush(index: number): void {
    const lines = this.pending[index] as string[]
    if (lines.length === 0) return
    const bytes = Buffer.from(`${lines.join('\n')}\n`)
    ;(this.hashers[index] as Bun.CryptoHasher).update(bytes)
    appendFileSync(this.paths[index] as string, Bun.gzipSync(bytes, { level: GZIP_LEVEL }))
    this.written[index] = true
    this.pending[index] = []
    this.totalPending -= this.pendingBytes[index] as number
    this.pendingBytes[index] = 0
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
    return this.paths.map((path, index) => {
      if (!this.written[index]) writeFileSync(path, EMPTY_GZIP)
      fsyncPath(path)
      return (this.hashers[index] as Bun.CryptoHasher).digest('hex')
    })
  }
}
