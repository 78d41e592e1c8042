/**
 * The batch stream of training (RUNTIME.md §7): passes in reading order, a partial batch completed from the
 * next pass, a single pass on request, and an error instead of the original's endless loop on no data.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset } from '../../../src/index.ts'
import { batchesOf } from '../../../src/model/batch-stream.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

let location: string
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

const smalls = async (count: number): Promise<{ dataset: Dataset<Small>; order: number[] }> => {
  const dataset = new Dataset(Small, {
    location,
    project: 'p',
    branch: 'b',
    name: `smalls_${count}`,
    repoInfo: TEST_REPO_INFO,
  })
  await dataset.writeAll(Array.from({ length: count }, (_, k) => makeSmall(k)))
  const order: number[] = []
  for await (const small of dataset.read()) order.push(small.smallId)
  return { dataset, order }
}

describe('batchesOf', () => {
  test('given 5 objects and batches of 3, when streamed endlessly, then the second batch is completed from the next pass', async () => {
    const { dataset, order } = await smalls(5)
    const stream = batchesOf(dataset, 3)

    const batches = [(await stream.next()).value, (await stream.next()).value, (await stream.next()).value]
    await stream.return(undefined)

    expect(batches.map((batch) => (batch as Small[]).map((small) => small.smallId))).toEqual([
      order.slice(0, 3),
      [...order.slice(3, 5), ...order.slice(0, 1)],
      order.slice(1, 4),
    ])
  })

  test('given 5 objects and batches of 3, when streamed once, then the last batch holds the remaining 2', async () => {
    const { dataset, order } = await smalls(5)
    const batches: number[][] = []

    for await (const batch of batchesOf(dataset, 3, { once: true }))
      batches.push(batch.map((small) => small.smallId))

    expect(batches).toEqual([order.slice(0, 3), order.slice(3)])
  })

  test('given an empty dataset, when streamed, then throws E_DATASET_EMPTY instead of looping', async () => {
    const { dataset } = await smalls(0)

    await expect(batchesOf(dataset, 3).next()).rejects.toThrow('holds no objects')
  })
})
