/**
 * Request bodies of classes holding a `json` member: any JSON value passes the open schema, and the objects
 * come from the exact parse of the body, so an int stays an int and a float a float, as in a dataset line;
 * also through the serving app, which starts for such an input class.
 */
import { describe, expect, test } from 'bun:test'
import { BaseData, field } from '../../../src/index.ts'
import { createServeApp } from '../../../src/serve/app.ts'
import { BadRequest, createBodyReader } from '../../../src/serve/request-body.ts'

class Query extends BaseData.define({
  queryId: field.int({ id: true }),
  score: field.float(),
  options: field.json(),
}) {}

class Wrapper extends BaseData.define({ query: field.data(Query), extras: field.list(field.json()) }) {}

const LIMITS = { maxItems: 10, maxBodyBytes: 1 << 20 }

const bodyOf = (text: string): Uint8Array => new TextEncoder().encode(text)

const problemsOf = (run: () => unknown): unknown => {
  try {
    run()
  } catch (error) {
    if (error instanceof BadRequest) return { status: error.status, problems: error.problems }
    throw error
  }
  return undefined
}

describe('request bodies with json members', () => {
  test('given ints, floats written with .0, big ints and nested objects, when read, then each kept exactly', () => {
    const read = createBodyReader(Query, LIMITS)

    const [query] = read(
      bodyOf(
        '[{"queryId": 7, "score": 1, "options": {"z": [3, 3.0, 0.5], "big": 123456789012345678901, "a": null}}]',
      ),
    )

    expect(query?.toJson()).toBe(
      '{"options": {"a": null, "big": 123456789012345678901, "z": [3, 3.0, 0.5]}, "queryId": 7, "score": 1.0}',
    )
  })

  test('given a body from JSON.stringify, when read, then integral numbers are ints and the others floats', () => {
    const read = createBodyReader(Query, LIMITS)
    // JSON.stringify writes the float 3.0 as 3: what a JavaScript client sends arrives as an int.
    const body = JSON.stringify([{ queryId: 1, score: 0.25, options: { count: 3, ratio: 3.0, half: 0.5 } }])

    expect(read(bodyOf(body))[0]?.toJson()).toBe(
      '{"options": {"count": 3, "half": 0.5, "ratio": 3}, "queryId": 1, "score": 0.25}',
    )
  })

  test('given json members inside a nested class and a list, when read, then read exactly too', () => {
    const read = createBodyReader(Wrapper, LIMITS)

    const [wrapper] = read(
      bodyOf('[{"query": {"queryId": 1, "score": 2.0, "options": [1.0]}, "extras": [1, 1.0, "1"]}]'),
    )

    expect(wrapper?.toJson()).toBe(
      '{"extras": [1, 1.0, "1"], "query": {"options": [1.0], "queryId": 1, "score": 2.0}}',
    )
  })

  test('given a json member left out, when read, then 422 names it', () => {
    const read = createBodyReader(Query, LIMITS)

    expect(problemsOf(() => read(bodyOf('[{"queryId": 1, "score": 2}]')))).toEqual({
      status: 422,
      problems: [{ path: '/0/options', message: 'Expected required property' }],
    })
  })

  test('given an int member beyond 2^53 next to a json member, when read, then 422 names the precision loss', () => {
    const read = createBodyReader(Query, LIMITS)

    expect(
      problemsOf(() => read(bodyOf('[{"queryId": 90071992547409930, "score": 2, "options": {}}]'))),
    ).toEqual({
      status: 422,
      problems: [
        {
          path: '/0/queryId',
          message:
            'integer 90071992547409930 is beyond ±2^53 and cannot be held exactly in an int field; declare it with field.bigint()',
        },
      ],
    })
  })
})

class Kind extends BaseData.define({ queryId: field.int({ id: true }), kind: field.str() }) {}

describe('serving a model whose input class holds a json member', () => {
  test('given POST /output with 3 and 3.0, then the model sees an int and a float', async () => {
    const { app } = createServeApp(
      {
        modelName: 'Kinds',
        longName: 'Kinds_20260101_0000000000000000000000000000000000000000',
        step: 1,
        inputClass: Query,
        outputClass: Kind,
        lineage: {},
        predict: (objects) =>
          (objects as Query[]).map((query) => {
            const value = (query.options as { n: unknown }).n
            return new Kind({ queryId: query.queryId, kind: typeof value === 'bigint' ? 'int' : 'float' })
          }),
      },
      { version: '0', ...LIMITS },
    )
    const body =
      '[{"queryId": 1, "score": 0, "options": {"n": 3}}, {"queryId": 2, "score": 0, "options": {"n": 3.0}}]'

    const response = await app.handle(
      new Request('http://localhost/output', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      }),
    )

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual([
      { queryId: 1, kind: 'int' },
      { queryId: 2, kind: 'float' },
    ])
  })
})
