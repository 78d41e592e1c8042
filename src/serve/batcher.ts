/**
 * @module batcher
 * Dynamic batching for `hypergol serve --max-batch N --max-wait-ms T`: the objects of concurrent requests
 * are combined into one model call of at most N objects, waiting at most T ms for company. A request
 * larger than N is served in slices of N. Each caller gets exactly the outputs of its own objects, in order;
 * when a combined call fails, its requests are retried one by one so that only the one that fails gets the
 * error.
 */
import type { BaseData } from '../data/base-data.ts'

/** Serves one batch: one output per object, in order (synchronous, as tfjs is). */
export type Predict = (objects: readonly BaseData[]) => BaseData[]

/** Called after every model call with its size and duration, for metrics. */
type BatchObserver = (size: number, seconds: number) => void

/** Options of {@link createBatcher}. */
export interface BatcherOptions {
  /** Most objects per model call; `undefined` serves every request in one call of its own. */
  maxBatch: number | undefined
  /** How long the first waiting request waits for others, in ms. @default 2 */
  maxWaitMs?: number
  onBatch?: BatchObserver
}

/**
 * Serves the objects of one request: exactly their outputs, at once when not batching (a promise and its
 * await cost a tenth of a small request's time), else once their batch has run.
 */
export type Batcher = (objects: readonly BaseData[]) => BaseData[] | Promise<BaseData[]>

interface Waiting {
  objects: readonly BaseData[]
  resolve: (outputs: BaseData[]) => void
  reject: (error: unknown) => void
}

const timed = (predict: Predict, onBatch: BatchObserver | undefined): Predict => {
  if (onBatch === undefined) return predict
  return (objects) => {
    const start = performance.now()
    const outputs = predict(objects)
    onBatch(objects.length, (performance.now() - start) / 1000)
    return outputs
  }
}

/** Predicts `objects` in model calls of at most `maxBatch`. */
const inSlices = (predict: Predict, objects: readonly BaseData[], maxBatch: number): BaseData[] => {
  if (objects.length <= maxBatch) return predict(objects)
  const outputs: BaseData[] = []
  for (let start = 0; start < objects.length; start += maxBatch) {
    outputs.push(...predict(objects.slice(start, start + maxBatch)))
  }
  return outputs
}

/** A batcher calling `predict`; see the module comment. */
export const createBatcher = (predict: Predict, options: BatcherOptions): Batcher => {
  const call = timed(predict, options.onBatch)
  const { maxBatch } = options
  if (maxBatch === undefined) return call
  const maxWaitMs = options.maxWaitMs ?? 2

  const queue: Waiting[] = []
  let queued = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const settle = (group: Waiting[]): void => {
    if (group.length === 1) {
      const only = group[0] as Waiting
      try {
        only.resolve(inSlices(call, only.objects, maxBatch))
      } catch (error) {
        only.reject(error)
      }
      return
    }
    let outputs: BaseData[]
    try {
      outputs = call(group.flatMap((waiting) => waiting.objects))
    } catch {
      for (const waiting of group) settle([waiting])
      return
    }
    let offset = 0
    for (const waiting of group) {
      waiting.resolve(outputs.slice(offset, offset + waiting.objects.length))
      offset += waiting.objects.length
    }
  }

  const flush = (): void => {
    timer = undefined
    while (queue.length > 0) {
      // Take whole requests while they fit; the first is always taken (sliced if it alone is too big).
      const group: Waiting[] = [queue.shift() as Waiting]
      let size = (group[0] as Waiting).objects.length
      while (queue.length > 0 && size + (queue[0] as Waiting).objects.length <= maxBatch) {
        const next = queue.shift() as Waiting
        size += next.objects.length
        group.push(next)
      }
      queued -= size
      settle(group)
      // What is left waits for company again, unless it already fills a batch.
      if (queued < maxBatch) break
    }
    if (queue.length > 0) timer = setTimeout(flush, maxWaitMs)
  }

  return (objects) =>
    new Promise<BaseData[]>((resolve, reject) => {
      queue.push({ objects, resolve, reject })
      queued += objects.length
      if (queued >= maxBatch) {
        if (timer !== undefined) clearTimeout(timer)
        // A full batch goes at once, though outside the caller's stack (the model call is synchronous).
        timer = setTimeout(flush, 0)
      } else {
        timer ??= setTimeout(flush, maxWaitMs)
      }
    })
}
