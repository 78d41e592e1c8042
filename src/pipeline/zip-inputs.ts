/**
 * @module zip-inputs
 * Chunk `j` of every input dataset, walked in lock-step (RUNTIME.md §2): the k-th object of each input
 * forms one tuple. Unlike the original, inputs of different lengths are an error, not silently cut to the
 * shortest; the same-hash-id check is on unless the task has `force`.
 */
import { BaseData } from '../data/base-data.ts'
import { renderHashIdText } from '../data/hash-id.ts'
import { HypergolError } from '../errors.ts'
import type { AnyDataset } from './task.ts'

/** One input's chunk, a block at a time, with a read position. */
class ChunkCursor {
  private block: BaseData[] = []
  private index = 0

  constructor(
    readonly dataset: AnyDataset,
    private readonly blocks: AsyncGenerator<BaseData[]>,
  ) {}

  /** Objects ready without waiting. */
  get available(): number {
    return this.block.length - this.index
  }

  /** Waits for the next non-empty block; `false` at the end of the chunk. */
  async fill(): Promise<boolean> {
    while (this.available === 0) {
      const step = await this.blocks.next()
      if (step.done) return false
      this.block = step.value
      this.index = 0
    }
    return true
  }

  take(): BaseData {
    return this.block[this.index++] as BaseData
  }

  async close(): Promise<void> {
    await this.blocks.return(undefined)
  }
}

const hashIdTextOf = (object: BaseData): string => renderHashIdText(object.getHashId())

/**
 * Yields blocks of tuples (one object per input, in input order) from chunk `chunkIndex` of `inputs`.
 *
 * @param checkHashIds compare the hash ids within each tuple (off with the task's `force`).
 * @throws HypergolError E_INPUT_MISMATCH when lengths or hash ids differ.
 */
export async function* zipInputChunks(
  inputs: readonly AnyDataset[],
  chunkIndex: number,
  checkHashIds: boolean,
): AsyncGenerator<BaseData[][]> {
  const cursors = inputs.map((dataset) => new ChunkCursor(dataset, dataset.readChunk(chunkIndex)))
  let position = 0
  try {
    for (;;) {
      const filled = await Promise.all(cursors.map((cursor) => cursor.fill()))
      if (filled.every((ok) => !ok)) return
      const ended = filled.indexOf(false)
      if (ended !== -1) {
        const going = filled.indexOf(true)
        throw new HypergolError(
          'E_INPUT_MISMATCH',
          `chunk ${chunkIndex} of input ${cursors[ended]?.dataset.name} ends after ${position} objects, ` +
            `but chunk ${chunkIndex} of ${cursors[going]?.dataset.name} has more`,
          {
            hint: 'Zipped inputs must hold the same objects in the same order (one derived from the other).',
          },
        )
      }
      const size = Math.min(...cursors.map((cursor) => cursor.available))
      const tuples: BaseData[][] = new Array(size)
      for (let k = 0; k < size; k++) {
        const tuple = cursors.map((cursor) => cursor.take())
        position++
        if (checkHashIds && tuple.length > 1) assertSameHashId(tuple, cursors, chunkIndex, position)
        tuples[k] = tuple
      }
      yield tuples
    }
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()))
  }
}

const assertSameHashId = (
  tuple: BaseData[],
  cursors: ChunkCursor[],
  chunkIndex: number,
  position: number,
): void => {
  const first = hashIdTextOf(tuple[0] as BaseData)
  for (let i = 1; i < tuple.length; i++) {
    const other = hashIdTextOf(tuple[i] as BaseData)
    if (other === first) continue
    throw new HypergolError(
      'E_INPUT_MISMATCH',
      `object ${position} of chunk ${chunkIndex}: input ${cursors[0]?.dataset.name} has hash id ` +
        `${JSON.stringify(first)}, input ${cursors[i]?.dataset.name} has ${JSON.stringify(other)}`,
      {
        hint: 'Zipped inputs must be written in the same order with the same hash ids; pass force: true to the task to skip this check.',
      },
    )
  }
}

/** Reads blocks of objects (a chunk, or a whole dataset) into one list: a loaded input. */
export const collectBlocks = async (blocks: AsyncIterable<BaseData[]>): Promise<BaseData[]> => {
  const list: BaseData[] = []
  for await (const block of blocks) for (const object of block) list.push(object)
  return list
}

/** A short description of a `run` argument for messages: the hash id of a data object. */
export const describeItem = (item: unknown): string => {
  if (item instanceof BaseData) {
    try {
      return `${item.constructor.name} with hash id ${JSON.stringify(hashIdTextOf(item))}`
    } catch {
      return item.constructor.name
    }
  }
  const text = typeof item === 'string' ? JSON.stringify(item) : String(item)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
