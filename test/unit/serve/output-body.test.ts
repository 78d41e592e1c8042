/**
 * The body of a `POST /output` answer for output classes with `bigint` and `json` members: exact digits at any
 * size, and the schema check still refusing an object that does not fit.
 */
import { describe, expect, test } from 'bun:test'
import { BaseData, field } from '../../../src/index.ts'
import { createServeApp } from '../../../src/serve/app.ts'
import { createOutputBody, jsonText } from '../../../src/serve/output-body.ts'
import { DEFAULT_OPTIONS, LONG_NAME } from '../../helpers/serve-app.ts'

class Ledger extends BaseData.define({
  ledgerId: field.bigint({ id: true }),
  balances: field.list(field.bigint()),
  extra: field.json(),
}) {}

const BIG = 123_456_789_012_345_678_901_234_567_890n

describe('output body', () => {
  test('given outputs with bigint and json members, when rendered, then every integer keeps its digits', () => {
    const body = createOutputBody('Bank', Ledger)

    const text = body([
      new Ledger({ ledgerId: BIG, balances: [-1n, 2n ** 70n], extra: { n: 2n ** 64n, f: 0.5 } }),
    ])

    expect(text).toBe(`[{"ledgerId":${BIG},"balances":[-1,${2n ** 70n}],"extra":{"n":${2n ** 64n},"f":0.5}}]`)
  })

  test('given an output whose bigint member holds a string, when rendered, then E_SERVING_FAILED names the path', () => {
    const body = createOutputBody('Bank', Ledger)
    const wrong = new Ledger({ ledgerId: 1n, balances: [], extra: null })
    ;(wrong as unknown as { balances: unknown[] }).balances = ['ten']

    expect(() => body([wrong])).toThrow(/object 0, \/balances\/0/)
  })

  test('given a value without bigints, then jsonText is JSON.stringify', () => {
    expect(jsonText({ a: [1, 'x', null] }, 2)).toBe(JSON.stringify({ a: [1, 'x', null] }, null, 2))
  })

  test('given a model whose input has bigint members, when its app is built, then its docs page shows the example', async () => {
    const served = createServeApp(
      {
        modelName: 'Bank',
        longName: LONG_NAME,
        step: 1,
        inputClass: Ledger,
        outputClass: Ledger,
        lineage: {},
        predict: (objects) => objects as Ledger[],
      },
      DEFAULT_OPTIONS,
    )

    const docs = await (await served.app.handle(new Request('http://localhost/docs'))).text()
    const echo = await served.fetch(
      new Request('http://localhost/output', {
        method: 'POST',
        body: `[{"ledgerId": ${BIG}, "balances": [1], "extra": {"k": [${2n ** 65n}]}}]`,
      }),
    )

    expect(docs).toContain('&quot;ledgerId&quot;: 1')
    expect(echo.status).toBe(200)
    expect(await echo.text()).toBe(`[{"ledgerId":${BIG},"balances":[1],"extra":{"k":[${2n ** 65n}]}}]`)
  })
})
