/**
 * @module batch-stream
 * The endless stream of batches a model trains on (RUNTIME.md §7): each pass reads the dataset in reading
 * order, and a partial batch at the end of a pass is completed from the next pass, so nothing is dropped
 * and nothing is shuffled. An empty dataset is an error rather than an endless loop (the original's bug).
 */
import type { BaseData } from '../data/base-data.ts'
import type { Dataset } from '../dataset/dataset.ts'
import { HypergolError } from '../errors.ts'

/**
 * Batches of `batchSize` objects from `dataset`: endless by default (a partial batch at the end of a pass
 * is completed from the next), or with `once` a single pass whose last batch may be partial.
 *
 * @throws HypergolError E_DATASET_EMPTY when the dataset holds no objects.
 */
export async function* batchesOf<T extends BaseData>(
  dataset: Dataset<T>,
  batchSize: number,
  options: { once?: boolean } = {},
): AsyncGenerator<T[]> {
  let batch: T[] = []
  for (;;) {
    let seen = 0
    for await (const block of dataset.readBlocks()) {
      for (const object of block) {
        batch.push(object)
        if (batch.length === batchSize) {
          yield batch
          batch = []
        }
      }
      seen += block.length
    }
    if (seen === 0) {
      throw new HypergolError('E_DATASET_EMPTY', `dataset ${dataset.directory} holds no objects`, {
        hint: 'Check the pipeline that writes it, or point the training script at another dataset.',
      })
    }
    if (options.once) {
      if (batch.length > 0) yield batch
      return
    }
  }
}
