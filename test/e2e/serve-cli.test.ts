/**
 * `hypergol serve` with the compiled binary, from a temp dir with no node_modules, on a real port: the
 * points example trained by the binary, then served; every endpoint answers with the model's headers,
 * concurrent requests under --max-batch each get their own answers, and SIGTERM stops it with status 0.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { makePoint } from '../../examples/points/data-models/point.ts'
import { runBinary, runShellBlock } from '../helpers/binary.ts'
import { trainedPointsProject } from '../helpers/points-example.ts'
import { type Serving, startServing } from '../helpers/serving.ts'

const TIMEOUT = 60_000

let project: string
let checkpoint: string
let server: Serving['server']
let url: string

const post = (points: unknown[]): Promise<Response> =>
  fetch(`${url}/output`, { method: 'POST', body: JSON.stringify(points) })

beforeAll(async () => {
  ;({ project, checkpoint } = await trainedPointsProject('hypergol-serve-'))
  ;({ server, url } = await startServing([checkpoint, '--max-batch', '8', '--max-wait-ms', '5'], project))
}, TIMEOUT)
afterAll(() => {
  server?.kill('SIGKILL')
  rmSync(project, { recursive: true, force: true })
})

const expectModelHeaders = (response: Response): void => {
  expect(response.headers.get('x-model-long-name')).toMatch(/^PointClassifier_\d{8}_[0-9a-f]{40}$/)
  expect(Number(response.headers.get('x-process-time'))).toBeGreaterThanOrEqual(0)
}

describe('hypergol serve', () => {
  test('given the served checkpoint, then every GET endpoint answers with the model headers', async () => {
    const answers = await Promise.all(
      ['/', '/openapi.json', '/docs', '/healthz', '/readyz', '/metrics', '/lineage'].map(async (path) => {
        const response = await fetch(`${url}${path}`)
        expectModelHeaders(response)
        return [path, response.status, response.headers.get('content-type'), await response.text()] as const
      }),
    )
    const byPath = new Map(answers.map(([path, ...rest]) => [path, rest]))

    expect(answers.map(([, status]) => status)).toEqual([200, 200, 200, 200, 200, 200, 200])
    expect(JSON.parse(byPath.get('/')?.[2] as string).model).toMatch(/^PointClassifier_/)
    expect(JSON.parse(byPath.get('/openapi.json')?.[2] as string).openapi).toMatch(/^3\./)
    expect(byPath.get('/docs')?.[1]).toContain('text/html')
    expect(byPath.get('/metrics')?.[2]).toContain('hypergol_http_requests_total')
    expect(JSON.parse(byPath.get('/lineage')?.[2] as string).trainingData.lineage.name).toBe(
      'training_points',
    )
  })

  test('given 40 concurrent requests under --max-batch 8, then each gets its own predictions', async () => {
    const requests = Array.from({ length: 40 }, (_, k) =>
      Array.from({ length: 1 + (k % 3) }, (_, j) => makePoint(2000 + 10 * k + j)),
    )

    const responses = await Promise.all(requests.map((points) => post(points.map((point) => point.toData()))))
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as {
      pointId: number
    }[][]

    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 200))
    expect(bodies.map((body) => body.map((prediction) => prediction.pointId))).toEqual(
      requests.map((points) => points.map((point) => point.pointId)),
    )
    const metrics = await (await fetch(`${url}/metrics`)).text()
    // Buckets are cumulative: every model call of at most 8 objects is in le="8", so it holds them all.
    const bucket = (le: string) =>
      Number(
        new RegExp(`^hypergol_model_batch_size_bucket\\{[^}]*le="${le}"[^}]*\\} (\\d+)$`, 'm').exec(
          metrics,
        )?.[1],
      )
    expect(bucket('8')).toBeGreaterThan(0)
    expect(bucket('8')).toBe(bucket('\\+Inf'))
  })

  test('given a bad body, then a 422 naming the path with the headers, and the next request is served', async () => {
    const bad = await post([{ pointId: 'one', x: [1, 2], label: '' }])
    const good = await post([makePoint(7).toData()])

    expect(bad.status).toBe(422)
    expectModelHeaders(bad)
    expect(((await bad.json()) as { details: { path: string }[] }).details[0]?.path).toBe('/0/pointId')
    expect(good.status).toBe(200)
  })

  test(
    "given the README's serving block, when it runs with the binary on a free port, then curl gets a prediction and the lineage",
    () => {
      const readme = readFileSync(join(import.meta.dir, '..', '..', 'README.md'), 'utf8')
      const block = /## Serving[\s\S]*?```shell\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
      const probe = Bun.serve({ port: 0, fetch: () => new Response() })
      const port = String(probe.port)
      probe.stop(true)

      const result = runShellBlock(block.replaceAll('8000', port), project)
      const [prediction, lineage] = result.stdout.split(/(?<=\])(?=\{)/)

      expect(block).toContain('hypergol serve data/points/main/models/PointClassifier/30 --port 8000 &')
      expect(result.exitCode).toBe(0)
      expect(JSON.parse(prediction as string)).toEqual([
        {
          pointId: 1,
          label: '',
          predicted: expect.stringMatching(/^(east|west)-(north|south)$/),
          step: -1,
        },
      ])
      expect(JSON.parse(lineage as string).trainingData.lineage.name).toBe('training_points')
    },
    TIMEOUT,
  )

  test(
    'given the port of the running server, when a second one starts on it, then exit 3 naming the address',
    () => {
      const port = new URL(url).port

      const result = runBinary(['serve', checkpoint, '--port', port], { cwd: project })

      expect(result.exitCode).toBe(3)
      expect(result.stderr).toContain(`127.0.0.1:${port} is already in use [E_ADDRESS_IN_USE]`)
    },
    TIMEOUT,
  )

  test(
    'given SIGTERM, then it drains for the default 5 s, answering meanwhile, then stops with status 0',
    async () => {
      const since = performance.now()
      server.kill('SIGTERM')
      await Bun.sleep(200)
      const ready = await fetch(`${url}/readyz`)
      const answer = await post([makePoint(9).toData()])

      expect([ready.status, answer.status]).toEqual([503, 200])
      expect(await server.exited).toBe(0)
      expect(performance.now() - since).toBeGreaterThanOrEqual(5000)
    },
    TIMEOUT,
  )

  test('given a folder that is not a checkpoint, then one error line naming it, no stack trace, and a non-zero status', () => {
    const result = runBinary(['serve', project, '--port', '0'], { cwd: project })

    expect(result.exitCode).not.toBe(0)
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('[error]'))
    expect(errors).toEqual([expect.stringContaining(`${project} is not a checkpoint`)])
    expect(result.stderr).not.toContain('    at ')
  })
})
