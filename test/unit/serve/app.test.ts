/**
 * The serving app through `app.handle` (no port): every endpoint, the two headers on success and on every
 * kind of error, the paths of 422s, unknown members, limits, failures of the model's code, metrics, and the
 * OpenAPI document validated against the OpenAPI 3.1 schema.
 */
import { describe, expect, test } from 'bun:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { BaseData } from '../../../src/index.ts'
import { createServeApp } from '../../../src/serve/app.ts'
import {
  Answer,
  DEFAULT_OPTIONS,
  FAILING,
  fakeApp,
  fakeModel,
  LONG_NAME,
  postOutput,
  queryData,
  REFUSED,
} from '../../helpers/serve-app.ts'

const get = (app: { handle(request: Request): Promise<Response> }, path: string) =>
  app.handle(new Request(`http://localhost${path}`))

const expectHeaders = (response: Response) => {
  expect(response.headers.get('x-model-long-name')).toBe(LONG_NAME)
  expect(Number(response.headers.get('x-process-time'))).toBeGreaterThanOrEqual(0)
  expect(response.headers.get('x-process-time')).toMatch(/^\d+(\.\d+)?(e-\d+)?$/)
}

interface ErrorBody {
  error: string
  message: string
  details: { path: string; message: string }[]
}

describe('GET endpoints', () => {
  const { app, drain } = fakeApp()

  test('given GET /, then the title, version, description and long name', async () => {
    const response = await get(app, '/')

    expectHeaders(response)
    expect(await response.json()).toEqual({
      title: 'Serve Counter',
      version: '0.1.0',
      description: 'hypergol server of Counter, see /docs for API details',
      model: LONG_NAME,
    })
  })

  test('given GET /lineage, then the lineage body the model gives', async () => {
    const response = await get(app, '/lineage')

    expectHeaders(response)
    expect(await response.json()).toEqual(fakeModel().lineage as object)
  })

  test('given GET /docs, then an HTML page that loads nothing from elsewhere', async () => {
    const response = await get(app, '/docs')
    const html = await response.text()

    expectHeaders(response)
    expect(response.headers.get('content-type')).toStartWith('text/html')
    expect(html).toContain('<h1>Serve Counter</h1>')
    expect(html).toContain('&quot;queryId&quot;')
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  test('given /healthz and /readyz, then both 200; after drain, readyz is 503, healthz still 200, and every response says Connection: close', async () => {
    const before = await get(app, '/readyz')
    drain()
    const after = await get(app, '/readyz')
    const health = await get(app, '/healthz')
    const output = await postOutput(app, [queryData(1)])

    expect(before.status).toBe(200)
    expect(before.headers.get('connection')).toBeNull()
    expect(after.status).toBe(503)
    expect(await after.json()).toEqual({ status: 'draining' })
    expect(health.status).toBe(200)
    expect(output.status).toBe(200)
    for (const response of [after, health, output]) expect(response.headers.get('connection')).toBe('close')
    expectHeaders(after)
  })

  test('given an unknown route, then 404 JSON with the headers', async () => {
    const response = await get(app, '/nowhere')

    expect(response.status).toBe(404)
    expectHeaders(response)
    expect(((await response.json()) as ErrorBody).message).toBe('no route GET /nowhere; GET /docs lists them')
  })
})

describe('methods', () => {
  test.each([
    ['DELETE', '/output', 'POST'],
    ['GET', '/output', 'POST'],
    ['PUT', '/healthz', 'GET, HEAD'],
    ['POST', '/', 'GET, HEAD'],
    ['OPTIONS', '/metrics', 'GET, HEAD'],
    ['PATCH', '/docs?x=1', 'GET, HEAD'],
  ])('given %s %s, then 405 with Allow: %s, a JSON error and the headers', async (method, path, allow) => {
    const { app } = fakeApp()

    const response = await app.handle(new Request(`http://localhost${path}`, { method }))

    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe(allow)
    expectHeaders(response)
    expect(await response.json()).toEqual({
      error: 'E_METHOD_NOT_ALLOWED',
      message: `${path.split('?')[0]} does not take ${method}; it takes ${allow}`,
      details: [],
    })
  })

  test('given HEAD on each GET endpoint, then the GET status and headers without a body', async () => {
    const { app } = fakeApp()

    for (const path of ['/', '/openapi.json', '/docs', '/lineage', '/healthz', '/readyz', '/metrics']) {
      const response = await app.handle(new Request(`http://localhost${path}`, { method: 'HEAD' }))

      expect([path, response.status]).toEqual([path, 200])
      expectHeaders(response)
    }
  })

  test('given a method a route does not take, then it is counted under the route with status 405', async () => {
    const { app } = fakeApp()
    await app.handle(new Request('http://localhost/output', { method: 'PUT' }))

    const text = await (await get(app, '/metrics')).text()

    expect(text).toContain(
      `hypergol_http_requests_total{model="${LONG_NAME}",route="/output",method="PUT",status="405"} 1`,
    )
  })
})

describe('hosts', () => {
  test.each([
    ['a one-letter host', 'http://x/output'],
    ['a three-letter host', 'http://abc/output?k=1'],
    ['no host (HTTP/1.0), a bare path', '/output'],
  ])('given %s, when POST /output goes through fetch, then it is routed and answered', async (_, url) => {
    const served = createServeApp(fakeModel(), DEFAULT_OPTIONS)
    const request = { url, method: 'POST', body: JSON.stringify([queryData(3)]) }
    // A URL that is only a path cannot make a Request: give one that reports it, as Bun's server does.
    const made = url.startsWith('/')
      ? Object.defineProperty(new Request(`http://localhost${url}`, request), 'url', { value: url })
      : new Request(url, request)

    const response = await served.fetch(made)

    expect(response.status).toBe(200)
    expect(((await response.json()) as { queryId: number }[]).map((answer) => answer.queryId)).toEqual([3])
  })
})

describe('POST /output', () => {
  test('given two valid queries, then one answer each, in order, as toData shapes', async () => {
    const { app } = fakeApp()

    const response = await postOutput(app, [queryData(7, ['a', 'b', 'c']), { ...queryData(8), label: null }])

    expect(response.status).toBe(200)
    expectHeaders(response)
    expect(await response.json()).toEqual([
      { queryId: 7, tokenCount: 3, labels: [{ name: 'x', score: 0.5 }] },
      { queryId: 8, tokenCount: 2, labels: [] },
    ])
  })

  test('given an optional member left out, then it is accepted as null', async () => {
    const { app } = fakeApp()
    const { label: _, ...withoutLabel } = queryData(1)

    const response = await postOutput(app, [withoutLabel])

    expect(await response.json()).toEqual([{ queryId: 1, tokenCount: 2, labels: [] }])
  })

  const cases: [string, unknown, number, { path: string; message: string }[]][] = [
    [
      'an integer as a string',
      [{ ...queryData(1), queryId: '1' }],
      422,
      [{ path: '/0/queryId', message: 'Expected integer' }],
    ],
    [
      'an unknown member, nested and at the top',
      [{ ...queryData(1), extra: 1, label: { name: 'x', score: 1, colour: 'red' } }],
      422,
      [
        { path: '/0/extra', message: 'Unexpected property' },
        { path: '/0/label/colour', message: 'Unexpected property' },
      ],
    ],
    [
      'a missing member in the second object',
      [queryData(1), { ...queryData(2), text: undefined }],
      422,
      [{ path: '/1/text', message: 'Expected required property' }],
    ],
    [
      'a wrong list item and a wrong nested member',
      [{ ...queryData(1), tokens: ['a', 2], label: { name: 'x', score: 'high' } }],
      422,
      [
        { path: '/0/tokens/1', message: 'Expected string' },
        { path: '/0/label/score', message: 'Expected number' },
      ],
    ],
    [
      'a datetime of the right form but not in the calendar',
      [{ ...queryData(1), askedAt: '2026-02-30T10:00:00' }],
      422,
      [{ path: '/0/askedAt', message: expect.stringContaining('2026-02-30') as unknown as string }],
    ],
    [
      'a nested object that is neither a Label nor null',
      [{ ...queryData(1), label: 'x' }],
      422,
      [{ path: '/0/label', message: 'Expected a Label object or null' }],
    ],
    ['an object instead of an array', queryData(1), 422, [{ path: '', message: expect.any(String) }]],
    ['an empty array', [], 422, [{ path: '', message: 'Expected a JSON array of 1 to 100 Query objects' }]],
    [
      'more objects than --max-items',
      Array.from({ length: 101 }, (_, k) => queryData(k)),
      413,
      [{ path: '', message: 'Expected a JSON array of 1 to 100 Query objects' }],
    ],
    ['malformed JSON', '[{"queryId": 1,', 422, [{ path: '', message: expect.stringContaining('JSON') }]],
  ]

  test.each(cases)('given %s, then a 4xx naming each failing path', async (_, body, status, details) => {
    const { app } = fakeApp()

    const response = await postOutput(app, body)
    const answer = (await response.json()) as ErrorBody

    expect(response.status).toBe(status)
    expectHeaders(response)
    expect(answer.error).toBe(status === 413 ? 'E_REQUEST_TOO_LARGE' : 'E_REQUEST_INVALID')
    expect(answer.details).toEqual(details)
  })

  test('given bytes that are not UTF-8, then 422', async () => {
    const { app } = fakeApp()

    const response = await app.handle(
      new Request('http://localhost/output', { method: 'POST', body: new Uint8Array([0x5b, 0xff, 0x5d]) }),
    )

    expect(response.status).toBe(422)
    expectHeaders(response)
  })

  test('given a body over the limit, declared or streamed without a length, then 413 before parsing', async () => {
    const { app } = fakeApp({ maxBodyBytes: 1000 }, [])
    const big = JSON.stringify(Array.from({ length: 40 }, (_, k) => queryData(k)))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let k = 0; k < 10; k++)
          controller.enqueue(new TextEncoder().encode(big.slice(k * 300, k * 300 + 300)))
        controller.close()
      },
    })

    const declared = await postOutput(app, big)
    const streamed = await app.handle(
      new Request('http://localhost/output', { method: 'POST', body: stream }),
    )

    for (const response of [declared, streamed]) {
      expect(response.status).toBe(413)
      expectHeaders(response)
      expect(((await response.json()) as ErrorBody).error).toBe('E_REQUEST_TOO_LARGE')
    }
  })

  test('given a query the processor refuses, then 422 E_REQUEST_REJECTED', async () => {
    const { app } = fakeApp()

    const response = await postOutput(app, [queryData(1, [REFUSED])])

    expect(response.status).toBe(422)
    expect(((await response.json()) as ErrorBody).error).toBe('E_REQUEST_REJECTED')
  })

  test('given a query the model fails on, then 500 naming the failure, and the next request is served', async () => {
    const { app } = fakeApp()

    const failed = await postOutput(app, [queryData(1, [FAILING])])
    const next = await postOutput(app, [queryData(2)])

    expect(failed.status).toBe(500)
    expectHeaders(failed)
    expect(await failed.json()).toEqual({
      error: 'E_SERVING_FAILED',
      message: 'Counter: getOutputs failed: boom',
      details: [],
    })
    expect(next.status).toBe(200)
  })

  test('given a processor whose output does not fit its class, then 500 naming the member', async () => {
    const model = fakeModel()
    const { app } = createServeApp(
      {
        ...model,
        predict: (objects) =>
          objects.map(
            () => new Answer({ queryId: 1, tokenCount: 'many' as unknown as number, labels: [] }),
          ) as BaseData[],
      },
      DEFAULT_OPTIONS,
    )

    const response = await postOutput(app, [queryData(1)])

    expect(response.status).toBe(500)
    expect(((await response.json()) as ErrorBody).message).toBe(
      'Counter: processOutputBatch made an object that does not fit Answer: object 0, /tokenCount: Expected integer',
    )
  })
})

describe('GET /metrics', () => {
  test('given requests of several outcomes, then Prometheus counters and histograms labelled with the long name', async () => {
    const { app } = fakeApp()
    await postOutput(app, [queryData(1), queryData(2), queryData(3)])
    await postOutput(app, [queryData(4)])
    await postOutput(app, '{')
    await get(app, '/nowhere')

    const response = await get(app, '/metrics')
    const text = await response.text()
    const model = `model="${LONG_NAME}"`

    expect(response.headers.get('content-type')).toStartWith('text/plain; version=0.0.4')
    expect(text).toContain(
      `hypergol_http_requests_total{${model},route="/output",method="POST",status="200"} 2`,
    )
    expect(text).toContain(
      `hypergol_http_requests_total{${model},route="/output",method="POST",status="422"} 1`,
    )
    expect(text).toContain(
      `hypergol_http_requests_total{${model},route="unmatched",method="GET",status="404"} 1`,
    )
    expect(text).toContain(
      `hypergol_http_request_duration_seconds_count{${model},route="/output",method="POST",status="200"} 2`,
    )
    expect(text).toContain(`hypergol_model_batch_size_bucket{${model},le="2"} 1`)
    expect(text).toContain(`hypergol_model_batch_size_bucket{${model},le="4"} 2`)
    expect(text).toContain(`hypergol_model_batch_size_sum{${model}} 4`)
    expect(text).toContain(`hypergol_model_info{${model},step="30"} 1`)
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{.*\})? [\d.e+-]+)$/)
    }
  })
})

describe('GET /openapi.json', () => {
  test('given the document, then it validates as OpenAPI 3.1 and names every data class as a component', async () => {
    const { app } = fakeApp()

    const response = await get(app, '/openapi.json')
    const document = (await response.json()) as {
      openapi: string
      components: { schemas: { [name: string]: { properties?: { [name: string]: unknown } } } }
      paths: {
        '/output': { post: { requestBody: { content: { 'application/json': { schema: unknown } } } } }
      }
    }
    const result = await new Validator().validate(document as unknown as Parameters<Validator['validate']>[0])

    expectHeaders(response)
    expect(result).toEqual({ valid: true })
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Answer', 'Error', 'Label', 'Query'])
    expect(document.paths['/output'].post.requestBody.content['application/json'].schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Query' },
      minItems: 1,
      maxItems: 100,
    })
    expect(document.components.schemas.Query?.properties?.label).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Label' }, { type: 'null' }],
    })
  })
})
