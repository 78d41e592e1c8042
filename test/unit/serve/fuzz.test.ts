/**
 * Fuzzing `POST /output` with thousands of mutated bodies (random bytes, cut-off JSON, wrong types, unknown
 * members, deep nesting, huge numbers…, from a fixed seed). A mutation may happen to stay valid (an empty
 * string is a string); every other body gets a 4xx with the headers and a JSON body naming paths, never a
 * 500, and a good request still works afterwards.
 */
import { expect, test } from 'bun:test'
import { type Random, randomOf } from '../../helpers/random.ts'
import { fakeApp, LONG_NAME, postOutput, queryData } from '../../helpers/serve-app.ts'

const BODIES = 3000

const WEIRD: unknown[] = [
  null,
  true,
  -0,
  1e308,
  -Number.MAX_VALUE,
  2 ** 60,
  1.5,
  '',
  '1',
  '\u0000',
  '\ud800',
  [],
  {},
  [[[]]],
  { __proto__: { x: 1 } },
  { constructor: 1 },
  '2026-13-45T99:99:99',
  '9999999-01-01T00:00:00',
]

/** A bad body: a mutation of a good one. */
const badBody = ({ int, pick }: Random): string | Uint8Array => {
  const good = [queryData(1), queryData(2)]
  const text = JSON.stringify(good)
  switch (int(8)) {
    case 0:
      return Uint8Array.from({ length: int(200) }, () => int(256))
    case 1:
      return text.slice(0, int(text.length - 1))
    case 2: {
      const at = int(text.length)
      return text.slice(0, at) + pick(['"', '{', ']', ',', ':', '\\', 'x', '\u0000']) + text.slice(at + 1)
    }
    case 3: {
      const item = good[0] as Record<string, unknown>
      item[pick(Object.keys(item))] = pick(WEIRD)
      return JSON.stringify(good)
    }
    case 4: {
      const item = good[1] as Record<string, unknown>
      item[pick(['extra', '__proto__', 'constructor', 'toString', 'QueryId'])] = pick(WEIRD)
      return JSON.stringify(good)
    }
    case 5: {
      const item = good[0] as Record<string, unknown>
      delete item[pick(Object.keys(item))]
      const label = item.label as Record<string, unknown> | undefined
      if (label) label[pick(['name', 'score', 'more'])] = pick(WEIRD)
      return JSON.stringify(good)
    }
    case 6:
      return `${'['.repeat(1 + int(5000))}${pick(['', '1', '{}'])}`
    default:
      return JSON.stringify(pick(WEIRD))
  }
}

test(`given ${BODIES} mutated bodies, then each bad one is a 4xx with the headers and named paths, never a 500, and the server still serves`, async () => {
  const { app } = fakeApp()
  const random = randomOf(2026)
  const statuses = new Map<number, number>()

  for (let k = 0; k < BODIES; k++) {
    const body = badBody(random)
    const response =
      typeof body === 'string'
        ? await postOutput(app, body)
        : await app.handle(new Request('http://localhost/output', { method: 'POST', body }))
    const answer = (await response.json()) as { details: unknown[] } | unknown[]
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
    expect(response.headers.get('x-model-long-name')).toBe(LONG_NAME)
    if (response.status === 200) {
      // Still valid after the mutation: answered in full.
      expect(answer).toHaveLength(2)
    } else if (response.status === 413 || response.status === 422) {
      expect((answer as { details: unknown[] }).details.length).toBeGreaterThan(0)
    } else {
      throw new Error(
        `body ${JSON.stringify(String(body))} got ${response.status}: ${JSON.stringify(answer)}`,
      )
    }
  }
  const good = await postOutput(app, [queryData(9)])

  // The mutations are meant to break the body, and nearly all do.
  expect((statuses.get(422) ?? 0) + (statuses.get(413) ?? 0)).toBeGreaterThan(BODIES * 0.9)
  expect(good.status).toBe(200)
  expect(await good.json()).toEqual([{ queryId: 9, tokenCount: 2, labels: [{ name: 'x', score: 0.5 }] }])
})
