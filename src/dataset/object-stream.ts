/**
 * @module object-stream
 * One object at a time over blocks of objects. `for await (const block of blocks) yield* block` costs an
 * async-generator round trip per object, about as much as decoding a small object; this iterator serves
 * objects from the current block with an already settled promise and only awaits to fetch the next block.
 */

/**
 * An `AsyncGenerator` of the objects in `openBlocks()`'s blocks, in order. `openBlocks` is called on the
 * first `next()`, so errors it throws reject that call, as in an `async function*`.
 */
export class ObjectStream<T> implements AsyncGenerator<T, void, unknown> {
  private blocks: AsyncGenerator<T[]> | undefined
  private block: T[] = []
  private index = 0
  private finished = false
  /** The fetch of the next block under way; calls made meanwhile wait for it, to keep the order. */
  private pending: Promise<IteratorResult<T, void>> | undefined

  constructor(private readonly openBlocks: () => AsyncGenerator<T[]>) {}

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.pending !== undefined) return this.after(this.pending, () => this.next())
    if (this.index < this.block.length) {
      return Promise.resolve({ value: this.block[this.index++] as T, done: false })
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true })
    const pending = this.fetch()
    this.pending = pending
    // Registered first, so it runs before the calls that wait for this fetch (and before its caller).
    const clear = () => {
      if (this.pending === pending) this.pending = undefined
    }
    pending.then(clear, clear)
    return pending
  }

  /** Fetches blocks until one is not empty and returns its first object, or ends the stream. */
  private async fetch(): Promise<IteratorResult<T, void>> {
    try {
      this.blocks ??= this.openBlocks()
      for (;;) {
        const step = await this.blocks.next()
        if (step.done) {
          this.finished = true
          return { value: undefined, done: true }
        }
        if (step.value.length > 0) {
          this.block = step.value
          this.index = 1
          return { value: step.value[0] as T, done: false }
        }
      }
    } catch (error) {
      // A failed generator is finished, as an async generator is after it throws.
      this.finish()
      throw error
    }
  }

  /** Runs `then` once `pending` has settled, whether it succeeded or not. */
  private after<R>(pending: Promise<unknown>, then: () => Promise<R>): Promise<R> {
    return pending.then(then, then)
  }

  /** Stops early (what `break` in `for await` calls): closes the block source, releasing its file. */
  async return(): Promise<IteratorResult<T, void>> {
    if (this.pending !== undefined) await this.pending.catch(() => undefined)
    const blocks = this.blocks
    this.finish()
    await blocks?.return(undefined)
    return { value: undefined, done: true }
  }

  /** Closes the stream like {@link return}, then rejects with `error`. */
  async throw(error: unknown): Promise<IteratorResult<T, void>> {
    await this.return()
    throw error
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return()
  }

  private finish(): void {
    this.finished = true
    this.block = []
    this.index = 0
  }
}
