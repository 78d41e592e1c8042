/**
 * Dynamic batching under concurrency: model calls never exceed `maxBatch`, concurrent requests share calls,
 * every caller gets exactly its own outputs in order, and a failing request fails alone.
 */
import { describe, expect, test } from 'bun:test'
import { randomOf } from '../../helpers/random.ts'
import { FAILING, fakeApp, postOutput, queryData } from '../../helpers/serve-app.ts'

describe('batching', () => {
  test('given 200 concurrent requests of 1 to 12 objects and --max-batch 16, then calls of at most 16, shared, and each caller gets its own outputs', async () => {
    const calls: number[][] = []
    const { app } = fakeApp({ maxBatch: 16, maxWaitMs: 5 }, calls)
    const { int } = randomOf(7)
    let nextId = 0
    const requests = Array.from({ length: 200 }, () =>
      Array.from({ length: 1 + int(12) }, () => {
        const id = nextId++
        return queryData(
          id,
          Array.from({ length: id % 5 }, () => 't'),
        )
      }),
    )

    const responses = await Promise.all(requests.map((body) => postOutput(app, body)))
    const answers = (await Promise.all(responses.map((response) => response.json()))) as {
      queryId: number
      tokenCount: number
    }[][]

    for (const [index, body] of requests.entries()) {
      expect(answers[index]?.map((answer) => answer.queryId)).toEqual(body.map((query) => query.queryId))
      expect(answers[index]?.map((answer) => answer.tokenCount)).toEqual(
        body.map((query) => query.tokens.length),
      )
    }
    expect(Math.max(...calls.map((call) => call.length))).toBeLessThanOrEqual(16)
    expect(calls.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: nextId }, (_, k) => k))
    // Batching happened: far fewer calls than requests.
    expect(calls.length).toBeLessThan(requests.length * 0.75)
  })

  test('given one request larger than --max-batch, then it is served in calls of at most that size, in order', async () => {
    const calls: number[][] = []
    const { app } = fakeApp({ maxBatch: 4 }, calls)

    const response = await postOutput(
      app,
      Array.from({ length: 10 }, (_, k) => queryData(k)),
    )
    const answers = (await response.json()) as { queryId: number }[]

    expect(answers.map((answer) => answer.queryId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(calls).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ])
  })

  test('given a failing request among concurrent good ones, then only it fails', async () => {
    const { app } = fakeApp({ maxBatch: 64, maxWaitMs: 20 })

    const responses = await Promise.all(
      [0, 1, 2, 3, 4].map((k) => postOutput(app, [queryData(k, k === 2 ? [FAILING] : ['a'])])),
    )

    expect(responses.map((response) => response.status)).toEqual([200, 200, 500, 200, 200])
  })

  test('given no --max-batch, then every request is one call of its own', async () => {
    const calls: number[][] = []
    const { app } = fakeApp({}, calls)

    await Promise.all([0, 1, 2].map((k) => postOutput(app, [queryData(2 * k), queryData(2 * k + 1)])))

    expect(calls.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ])
  })
})
