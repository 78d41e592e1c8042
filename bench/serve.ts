/**
 * The serve suite (issue 7): requests/s and p50/p99 latency of `POST /output` with a two-sentence body,
 * for (a) hypergol's serving app around an identity model, (b) the Brown tagger served by the compiled
 * binary (`hypergol serve`, a short training on the corpus's first files), and, in the same run, bare
 * `Bun.serve` answering a fixed JSON body. Each server runs in a child process; the load comes over
 * loopback, CONNECTIONS requests in flight for SECONDS after a warm-up, from `wrk` when it is installed
 * (`apt-get install wrk`: written in C, it leaves the servers most of the 2 cores) or else from fetch
 * loops in this process, which take a core of their own and so lower every figure, bare's most.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { loadBranchName } from '../src/dataset/repo-info.ts'
import { report } from './report.ts'

const SUITE = 'serve'
const ROOT = join(import.meta.dir, '..')
const BINARY = join(ROOT, 'dist', 'hypergol')
const CONNECTIONS = 32
const SECONDS = 5
const WARM_UP_SECONDS = 1
const TAGGER_FILES = 10
const TAGGER_STEPS = 50
const BODY = JSON.stringify([
  { words: ['The', 'jury', 'said', 'it', 'did', 'find', 'that', 'many', 'of', 'the', 'voters', '.'] },
  { words: ['It', 'recommended', 'that', 'the', 'city', 'pay', 'the', 'bills', '.'] },
])

interface LoadFigures {
  requestsPerSecond: number
  p50: number
  p99: number
}

/** Sends BODY from CONNECTIONS loops for `seconds`; every answer must be a 200. */
const load = async (url: string, seconds: number): Promise<LoadFigures> => {
  const latencies: number[] = []
  const ends = performance.now() + seconds * 1000
  const loop = async (): Promise<void> => {
    while (performance.now() < ends) {
      const started = performance.now()
      const response = await fetch(`${url}/output`, { method: 'POST', body: BODY })
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`${url}/output answered ${response.status}`)
      latencies.push(performance.now() - started)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONNECTIONS }, loop))
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (share: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0
  return { requestsPerSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) }
}

/** {@link load} by `wrk`, or `undefined` when it is not installed. */
const loadByWrk = (url: string, seconds: number): LoadFigures | undefined => {
  if (Bun.which('wrk') === null) return undefined
  const script = join(tmpdir(), `hypergol-bench-post-${process.pid}.lua`)
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(BODY)}\nwrk.headers["Content-Type"] = "application/json"\n`,
  )
  try {
    const run = Bun.spawnSync(
      ['wrk', '-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, `${url}/output`],
      { stdout: 'pipe', stderr: 'pipe' },
    )
    const text = run.stdout.toString()
    if (run.exitCode !== 0 || /Non-2xx/.test(text)) throw new Error(`wrk failed on ${url}:\n${text}`)
    const ms = (label: string): number => {
      const [, value, unit] = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(text) ?? []
      if (value === undefined) throw new Error(`wrk printed no ${label}% latency:\n${text}`)
      return Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1)
    }
    const rate = Number(/^Requests\/sec:\s+([\d.]+)/m.exec(text)?.[1])
    return { requestsPerSecond: rate, p50: ms('50'), p99: ms('99') }
  } finally {
    rmSync(script, { force: true })
  }
}

/** Starts `command`, waits for the URL it prints (stdout or stderr), loads it, and stops it. */
const measure = async (command: string[], env: Record<string, string> = {}): Promise<LoadFigures> => {
  const child: Subprocess<'ignore', 'pipe', 'pipe'> = Bun.spawn(command, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  try {
    const url = await urlPrintedBy(child)
    loadByWrk(url, WARM_UP_SECONDS) ?? (await load(url, WARM_UP_SECONDS))
    return loadByWrk(url, SECONDS) ?? (await load(url, SECONDS))
  } finally {
    child.kill()
    await child.exited
  }
}

const urlPrintedBy = async (child: Subprocess<'ignore', 'pipe', 'pipe'>): Promise<string> => {
  let seen = ''
  const watch = async (stream: ReadableStream<Uint8Array>): Promise<string> => {
    const decoder = new TextDecoder()
    for await (const chunk of stream) {
      seen += decoder.decode(chunk, { stream: true })
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(seen)?.[1]
      if (url !== undefined) return url
    }
    return new Promise(() => {})
  }
  const exited = child.exited.then((code) => {
    throw new Error(`the server exited with ${code} before listening:\n${seen}`)
  })
  return Promise.race([watch(child.stdout), watch(child.stderr), exited])
}

/** A Brown tagger checkpoint: the pipeline on the first files, then a short training. */
const trainTagger = (dataDir: string): string => {
  if (!existsSync(BINARY)) {
    const build = Bun.spawnSync(['bun', 'run', 'build.ts'], { cwd: ROOT, stderr: 'inherit' })
    if (build.exitCode !== 0) throw new Error('build failed')
  }
  const pipeline = Bun.spawnSync(
    [BINARY, 'run', 'examples/brown-pos/pipelines/brown-pos.ts', '--data-dir', dataDir, '--allow-dirty'],
    { cwd: ROOT, env: { ...process.env, BROWN_FILES: String(TAGGER_FILES), CI: 'true' }, stderr: 'pipe' },
  )
  if (pipeline.exitCode !== 0) throw new Error(`pipeline failed: ${pipeline.stderr.toString()}`)
  const training = Bun.spawnSync(
    ['bun', join(import.meta.dir, 'train-run.ts'), dataDir, String(TAGGER_STEPS)],
    { cwd: ROOT, env: { ...process.env, CI: 'true' }, stdout: 'pipe', stderr: 'pipe' },
  )
  if (training.exitCode !== 0) throw new Error(`training failed: ${training.stderr.toString()}`)
  return join(dataDir, 'brown_pos', loadBranchName(ROOT), 'models', 'Tagger', String(TAGGER_STEPS))
}

export const runServeSuite = async (): Promise<void> => {
  if (Bun.which('wrk') === null)
    console.error('serve: wrk is not installed; loading from fetch loops (lower figures)')
  const target = join(import.meta.dir, 'serve-target.ts')
  const bare = await measure(['bun', target, 'bare'])
  const identity = await measure(['bun', target, 'identity'])
  const dataDir = mkdtempSync(join(tmpdir(), 'hypergol-bench-serve-'))
  let tagger: LoadFigures
  try {
    const checkpoint = trainTagger(dataDir)
    // Batched, as a tagger under concurrent load should be served: one tfjs call per batch, not per request.
    tagger = await measure([
      BINARY,
      'serve',
      checkpoint,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--max-batch',
      '64',
      '--max-wait-ms',
      '2',
    ])
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
  report(SUITE, 'serve_bare', bare.requestsPerSecond, 'requests/s')
  report(SUITE, 'serve_identity', identity.requestsPerSecond, 'requests/s')
  report(SUITE, 'serve_tagger', tagger.requestsPerSecond, 'requests/s')
  report(SUITE, 'serve_bare_p99', bare.p99, 'ms')
  report(SUITE, 'serve_identity_p50', identity.p50, 'ms')
  report(SUITE, 'serve_identity_p99', identity.p99, 'ms')
  report(SUITE, 'serve_tagger_p50', tagger.p50, 'ms')
  report(SUITE, 'serve_tagger_p99', tagger.p99, 'ms')
}
