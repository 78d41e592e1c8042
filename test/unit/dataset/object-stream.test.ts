/**
 * `ObjectStream`: one object at a time over blocks, behaving like the `async function*` it replaces.
 */
import { describe, expect, test } from 'bun:test'
import { ObjectStream } from '../../../src/dataset/object-stream.ts'

/** An async generator of blocks that records what happened to it. */
const blocksOf = (blocks: number[][], log: string[], failAfter?: number) =>
  async function* (): AsyncGenerator<number[]> {
    log.push('opened')
    try {
      for (const [index, block] of blocks.entries()) {
        if (index === failAfter) throw new Error('broken block')
        await Promise.resolve()
        yield block
      }
    } finally {
      log.push('closed')
    }
  }

describe('ObjectStream', () => {
  test('given blocks (some empty), when iterated, then every object comes in order and the source closes', async () => {
    const log: string[] = []
    const stream = new ObjectStream(blocksOf([[1, 2], [], [3], [], [4, 5, 6]], log))

    const seen: number[] = []
    for await (const value of stream) seen.push(value)

    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
    expect(log).toEqual(['opened', 'closed'])
    expect(await stream.next()).toEqual({ value: undefined, done: true })
  })

  test('given a stream, when created, then the source is opened only by the first next()', async () => {
    const log: string[] = []
    const stream = new ObjectStream(blocksOf([[1]], log))

    expect(log).toEqual([])
    expect(await stream.next()).toEqual({ value: 1, done: false })
    expect(log).toEqual(['opened'])
  })

  test('given a source that cannot open, when next() is called, then that call rejects', async () => {
    const stream = new ObjectStream<number>(() => {
      throw new Error('no dataset')
    })

    await expect(stream.next()).rejects.toThrow('no dataset')
    expect(await stream.next()).toEqual({ value: undefined, done: true })
  })

  test('given a break after the first object, when iterated, then the source is closed', async () => {
    const log: string[] = []
    const stream = new ObjectStream(blocksOf([[1, 2], [3]], log))

    for await (const value of stream) {
      expect(value).toBe(1)
      break
    }

    expect(log).toEqual(['opened', 'closed'])
    expect(await stream.next()).toEqual({ value: undefined, done: true })
  })

  test('given a block that fails, when iterated, then objects before it arrive and the error follows', async () => {
    const log: string[] = []
    const seen: number[] = []

    const run = async () => {
      for await (const value of new ObjectStream(blocksOf([[1], [2], [3]], log, 2))) seen.push(value)
    }

    await expect(run()).rejects.toThrow('broken block')
    expect(seen).toEqual([1, 2])
    expect(log).toEqual(['opened', 'closed'])
  })

  test('given many next() calls without waiting, when they settle, then they get the objects in order', async () => {
    const stream = new ObjectStream(blocksOf([[1], [], [2, 3], [4]], []))

    const results = await Promise.all(Array.from({ length: 6 }, () => stream.next()))

    expect(results.map((result) => (result.done ? 'done' : result.value))).toEqual([
      1,
      2,
      3,
      4,
      'done',
      'done',
    ])
  })

  test('given throw(), when called, then the source closes and the call rejects with the error', async () => {
    const log: string[] = []
    const stream = new ObjectStream(blocksOf([[1, 2]], log))
    await stream.next()

    await expect(stream.throw(new Error('stop'))).rejects.toThrow('stop')
    expect(log).toEqual(['opened', 'closed'])
  })
})
