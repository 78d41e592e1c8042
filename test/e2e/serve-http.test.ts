/**
 * `hypergol serve` of the compiled binary at the HTTP level, over bare sockets: requests Bun refuses before
 * any handler runs, CONNECT and methods a route does not take get JSON errors with the model's header;
 * clients that go away are counted apart, never as 500s; `/healthz` answers while the model loads; SIGTERM
 * drains (`/readyz` 503 while requests are still taken), then answers every request in flight, under
 * `--max-batch` too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makePoint } from '../../examples/points/data-models/point.ts'
import { runBinary } from '../helpers/binary.ts'
import { trainedPointsProject } from '../helpers/points-example.ts'
import { exchange, postRequest, type RawAnswer, RawConnection } from '../helpers/raw-http.ts'
import { type Serving, startServing } from '../helpers/serving.ts'

const TIMEOUT = 60_000
const LONG_NAME = /^PointClassifier_\d{8}_[0-9a-f]{40}$/

let project: string
let checkpoint: string
const running: Serving[] = []

beforeAll(async () => {
  ;({ project, checkpoint } = await trainedPointsProject('hypergol-serve-http-', (copy) => {
    // Lets a test make loading slow, so that it can see the server before the model is ready.
    const script = join(copy, 'models', 'train-point-classifier.ts')
    writeFileSync(
      script,
      `${readFileSync(script, 'utf8')}\nawait Bun.sleep(Number(process.env.POINTS_LOAD_DELAY_MS ?? 0))\n`,
    )
  }))
}, TIMEOUT)
afterAll(() => {
  for (const { server } of running) server.kill('SIGKILL')
  rmSync(project, { recursive: true, force: true })
})

const serve = async (args: string[], options?: Parameters<typeof startServing>[2]) => {
  const serving = await startServing([checkpoint, ...args], project, options)
  running.push(serving)
  return { ...serving, port: Number(new URL(serving.url).port) }
}

const POINT = JSON.stringify([makePoint(5).toData()])

const expectJsonError = (answer: RawAnswer, status: number, error: string): void => {
  expect([answer.status, answer.cut]).toEqual([status, false])
  expect(answer.headers.get('x-model-long-name')).toMatch(LONG_NAME)
  expect(answer.headers.get('content-type')).toBe('application/json')
  expect(JSON.parse(answer.body)).toEqual({ error, message: expect.any(String), details: expect.any(Array) })
}

/** The value of the metric line that starts with `prefix` (its labels up to the model's), or 0. */
const metricOf = (text: string, name: string, labels: string): number => {
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && row.includes(labels))
  return line === undefined ? 0 : Number(line.split(' ').at(-1))
}

describe('requests refused before routing, and methods', () => {
  let port: number
  beforeAll(async () => {
    ;({ port } = await serve([]))
  }, TIMEOUT)

  test.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n', 400, 'E_BAD_REQUEST'],
    [
      'a header line without a colon',
      'GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n',
      400,
      'E_BAD_REQUEST',
    ],
    [
      'a Content-Length that is not a number',
      'POST /output HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n',
      400,
      'E_BAD_REQUEST',
    ],
    [
      'Content-Length and chunked together',
      'POST /output HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      'E_BAD_REQUEST',
    ],
    [
      'headers of 100 KB',
      `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
      431,
      'E_HEADERS_TOO_LARGE',
    ],
    [
      'HTTP/2.0 in the request line',
      'GET / HTTP/2.0\r\nHost: a\r\n\r\n',
      505,
      'E_HTTP_VERSION_NOT_SUPPORTED',
    ],
    ['an unknown method', 'FROB / HTTP/1.1\r\nHost: a\r\n\r\n', 501, 'E_METHOD_NOT_IMPLEMENTED'],
    [
      'a raw CONNECT',
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      405,
      'E_METHOD_NOT_ALLOWED',
    ],
    [
      'a body announced at 1 TB',
      'POST /output HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000000\r\n\r\n[]',
      413,
      'E_REQUEST_TOO_LARGE',
    ],
  ])('given %s, then a JSON error with the model header', async (_, request, status, error) => {
    expectJsonError(await exchange(port, request), status, error)
  })

  test.each([
    ['DELETE', '/output', 'POST'],
    ['GET', '/output', 'POST'],
    ['PUT', '/healthz', 'GET, HEAD'],
    ['POST', '/metrics', 'GET, HEAD'],
  ])('given %s %s, then 405 with Allow: %s', async (method, path, allow) => {
    const answer = await exchange(port, `${method} ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n`)

    expectJsonError(answer, 405, 'E_METHOD_NOT_ALLOWED')
    expect(answer.headers.get('allow')).toBe(allow)
  })

  test('given a one-letter Host, then POST /output is routed and answered', async () => {
    const answer = await exchange(port, postRequest(POINT, []).replace('Host: 127.0.0.1', 'Host: x'))

    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)[0].pointId).toBe(5)
  })
})

describe('unusable --host', () => {
  test.each([
    ['10.9.9.9', 'cannot listen on 10.9.9.9:0: 10.9.9.9 is not an address of this machine'],
    ['999.1.1.1', 'cannot listen on 999.1.1.1:0: 999.1.1.1 is not an IPv4 address'],
    ['http://x', 'cannot listen on http://x:0: http://x is a URL; --host takes a host name or an address'],
    ['no-such-host.invalid', 'no-such-host.invalid is not a host name this machine can resolve'],
    ['127.0.0.1:80', '127.0.0.1:80 includes a port; give the port with --port'],
  ])('given --host %s, then exit 2 with one line saying why, no stack trace', (host, message) => {
    const result = runBinary(['serve', checkpoint, '--port', '0', '--host', host], { cwd: project })

    expect(result.exitCode).toBe(2)
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('[error]'))
    expect(errors).toEqual([expect.stringContaining(`${message}`)])
    expect(errors[0]).toContain('[E_INVALID_ARGUMENT]')
    expect(result.stderr).not.toContain('    at ')
  })

  test('given --drain-seconds abc, then exit 2 naming the flag', () => {
    const result = runBinary(['serve', checkpoint, '--drain-seconds', 'abc'], { cwd: project })

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--drain-seconds expects a number of seconds ≥ 0, got "abc" [E_USAGE]')
  })
})

describe('clients that go away', () => {
  test(
    'given a client that closes before its batch runs and one that stops half-way through its body, then both are counted as aborted, no 500, no error logged',
    async () => {
      const { url, port, log } = await serve(['--max-batch', '64', '--max-wait-ms', '1000'])

      const [whole, half] = await Promise.all([
        exchange(port, postRequest(POINT), { closeAfterMs: 100 }),
        exchange(port, postRequest(POINT).slice(0, -10), { closeAfterMs: 100 }),
      ])
      let metrics = ''
      for (let attempt = 0; attempt < 50; attempt++) {
        metrics = await (await fetch(`${url}/metrics`)).text()
        if (metricOf(metrics, 'hypergol_http_aborted_total', 'route="/output"') >= 2) break
        await Bun.sleep(100)
      }

      expect([whole.cut, half.cut]).toEqual([true, true])
      expect(metricOf(metrics, 'hypergol_http_aborted_total', 'route="/output",method="POST"')).toBe(2)
      expect(metrics).not.toContain('status="500"')
      expect(metrics).not.toContain('hypergol_http_malformed_total{')
      expect(log()).not.toContain('[error]')
    },
    TIMEOUT,
  )
})

describe('loading', () => {
  test(
    'given a model that takes seconds to load, then /healthz answers at once, /readyz and /output say 503 until it is ready',
    async () => {
      const { url } = await serve([], { until: 'listening', env: { POINTS_LOAD_DELAY_MS: '3000' } })

      const [health, ready, output] = await Promise.all([
        fetch(`${url}/healthz`),
        fetch(`${url}/readyz`),
        fetch(`${url}/output`, { method: 'POST', body: POINT }),
      ])
      let readyLater = 0
      for (let attempt = 0; attempt < 200 && readyLater !== 200; attempt++) {
        readyLater = (await fetch(`${url}/readyz`)).status
        if (readyLater !== 200) await Bun.sleep(100)
      }

      expect(health.status).toBe(200)
      expect(await ready.json()).toEqual({ status: 'loading' })
      expect([ready.status, output.status]).toEqual([503, 503])
      expect(output.headers.get('retry-after')).toBe('1')
      expect(((await output.json()) as { error: string }).error).toBe('E_NOT_READY')
      for (const response of [health, ready, output]) {
        expect(response.headers.get('x-model-long-name')).toMatch(LONG_NAME)
      }
      expect(readyLater).toBe(200)
    },
    TIMEOUT,
  )
})

describe('SIGTERM', () => {
  test(
    'given 40 requests waiting in --max-batch 64 when SIGTERM comes with --drain-seconds 0, then every one is answered, then the port is closed and the status is 0',
    async () => {
      const { server, port } = await serve([
        '--max-batch',
        '64',
        '--max-wait-ms',
        '800',
        '--drain-seconds',
        '0',
      ])

      const answers = Array.from({ length: 40 }, (_, k) =>
        exchange(port, postRequest(JSON.stringify([makePoint(100 + k).toData()]))),
      )
      // The requests are sent by now, and wait for company in the batcher (800 ms).
      await Bun.sleep(300)
      server.kill('SIGTERM')
      const answered = await Promise.all(answers)
      const code = await server.exited
      const after = await exchange(port, postRequest(POINT))

      expect(answered.map((answer) => [answer.status, answer.cut])).toEqual(answered.map(() => [200, false]))
      expect(answered.map((answer) => JSON.parse(answer.body)[0].pointId)).toEqual(
        Array.from({ length: 40 }, (_, k) => 100 + k),
      )
      expect(code).toBe(0)
      expect(after.refused).toBe(true)
    },
    TIMEOUT,
  )

  test(
    'given clients that stop when /readyz turns 503, when SIGTERM comes under load with --max-batch, then /readyz drains while requests are still answered, and no request is lost',
    async () => {
      const { server, url, port } = await serve(['--max-batch', '64', '--drain-seconds', '1'])
      let draining = false
      const watcher = (async () => {
        for (let attempt = 0; attempt < 300 && !draining; attempt++) {
          const ready = await fetch(`${url}/readyz`, { headers: { connection: 'close' } })
          draining =
            ready.status === 503 && ((await ready.json()) as { status: string }).status === 'draining'
          if (!draining) await Bun.sleep(20)
        }
      })()
      const answers: RawAnswer[] = []
      const client = async (k: number) => {
        // A keep-alive client behind a load balancer: it sends until the balancer sees /readyz turn 503, on
        // one connection for as long as the server keeps it open.
        let connection = new RawConnection(port)
        for (let sent = 0; sent < 2000 && !draining; sent++) {
          if (connection.closed) connection = new RawConnection(port)
          const answer = await connection.send(postRequest(JSON.stringify([makePoint(k).toData()])))
          answers.push(answer)
          if (answer.headers.get('connection') === 'close') connection.close()
        }
        connection.close()
      }
      const clients = Array.from({ length: 16 }, (_, k) => client(k))
      await Bun.sleep(400)
      server.kill('SIGTERM')
      await Promise.all([watcher, ...clients])
      const duringDrain = await exchange(port, postRequest(POINT))
      const code = await server.exited

      expect(draining).toBe(true)
      expect(answers.length).toBeGreaterThan(16)
      expect(answers.filter((answer) => answer.status !== 200 || answer.cut || answer.unsent)).toEqual([])
      expect([duringDrain.status, duringDrain.headers.get('connection')]).toEqual([200, 'close'])
      expect(code).toBe(0)
    },
    TIMEOUT,
  )
})
