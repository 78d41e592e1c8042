/**
 * The serve suite (issue 7): requests/s and p50/p99 latency of `POST /output` with a two-sentence body,
 * for (a) hypergol's serving app around an identity model, (b) the Brown tagger served by the compiled
 * binary (`hypergol serve`, a short training on the corpus's first files), and, in the same run, bare
 * `Bun.serve` answering a fixed JSON body. Each server runs in a child process; the load comes over
 * loopback, CONNECTIONS requests in flight for SECONDS after a warm-up, from `wrk` when it is installed
 * (`apt-get install wrk`: written in C, it leaves the servers most of the 2 cores) or else from fetch
 * loops in this process, which take a core of their own and so lower every figure, bare's most. The three
 * servers take ROUNDS turns and each figure is the best turn of its server. When a Python with fastapi and
 * uvicorn is found, a reproduction of the Python original's serving path (bench/python-original) takes turns
 * too, and the ratios of hypergol's identity server to bare and to Python are the lowest of the turns, each
 * turn's servers having met the same machine.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { loadBranchName } from '../src/dataset/repo-info.ts'
import { urlPrintedBy } from '../test/helpers/url-printed-by.ts'
import { BINARY, prepareBrownCorpus, ROOT } from './brown-corpus.ts'
import { report } from './report.ts'

const SUITE = 'serve'
const CONNECTIONS = 32
const SECONDS = 4
const ROUNDS = 3
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

/** A server in a child process, started from `command`, listening at `url`. */
interface Target {
  url: string
  stop(): Promise<void>
}

/** Starts `command` and waits for the URL it prints (stdout or stderr). */
const start = async (command: string[]): Promise<Target> => {
  const child: Subprocess<'ignore', 'pipe', 'pipe'> = Bun.spawn(command, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const url = await urlPrintedBy([child.stdout, child.stderr], child.exited, /(http:\/\/127\.0\.0\.1:\d+)/)
  return {
    url,
    stop: async () => {
      child.kill()
      await child.exited
    },
  }
}

/** One measurement of `target` after a warm-up. */
const measure = async (target: Target): Promise<LoadFigures> => {
  loadByWrk(target.url, WARM_UP_SECONDS) ?? (await load(target.url, WARM_UP_SECONDS))
  return loadByWrk(target.url, SECONDS) ?? (await load(target.url, SECONDS))
}

/** The round with the most requests/s. */
const best = (rounds: LoadFigures[]): LoadFigures =>
  rounds.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a))

/** A Python that can run bench/python-original (fastapi and uvicorn importable), or `undefined`. */
const findPython = (): string | undefined => {
  const candidates = [process.env.HYPERGOL_BENCH_PYTHON, 'python3', '/usr/bin/python3']
  return candidates.find(
    (python) =>
      python !== undefined &&
      Bun.which(python) !== null &&
      Bun.spawnSync([python, '-c', 'import fastapi, uvicorn'], { stdout: 'ignore', stderr: 'ignore' })
        .exitCode === 0,
  )
}

/** The lowest ratio of `a` to `b` over turns taken together. */
const lowestRatio = (a: LoadFigures[], b: LoadFigures[]): number =>
  Math.min(
    ...a.map((figures, turn) => figures.requestsPerSecond / (b[turn] as LoadFigures).requestsPerSecond),
  )

/** A Brown tagger checkpoint in `dataDir`: a short training on the Brown datasets there. */
const trainTagger = (dataDir: string): string => {
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
  const python = findPython()
  if (python === undefined)
    console.error('serve: no python3 with fastapi and uvicorn; the Python original is not measured')
  const script = join(import.meta.dir, 'serve-target.ts')
  const dataDir = prepareBrownCorpus(TAGGER_FILES)
  const targets: Target[] = []
  try {
    const checkpoint = trainTagger(dataDir)
    const bare = await start(['bun', script, 'bare'])
    targets.push(bare)
    const identity = await start(['bun', script, 'identity'])
    targets.push(identity)
    // Batched, as a tagger under concurrent load should be served: one tfjs call per batch, not per request.
    const tagger = await start([
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
    targets.push(tagger)
    const original =
      python === undefined
        ? undefined
        : await start([python, join(import.meta.dir, 'python-original', 'serve_identity.py'), '0'])
    if (original !== undefined) targets.push(original)
    // This VM's speed swings by 2x within minutes: the servers take turns, ROUNDS times, and each figure is
    // its best round, so that bare and identity meet the same machine.
    const turns = [bare, identity, tagger, original].filter((target) => target !== undefined)
    const rounds: LoadFigures[][] = turns.map(() => [])
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, target] of turns.entries()) {
        ;(rounds[index] as LoadFigures[]).push(await measure(target))
      }
    }
    const [bareRounds, identityRounds, , originalRounds] = rounds as [
      LoadFigures[],
      LoadFigures[],
      LoadFigures[],
      LoadFigures[] | undefined,
    ]
    const [bareBest, identityBest, taggerBest] = rounds.map(best) as [LoadFigures, LoadFigures, LoadFigures]
    report(SUITE, 'serve_bare', bareBest.requestsPerSecond, 'requests/s')
    report(SUITE, 'serve_identity', identityBest.requestsPerSecond, 'requests/s')
    report(SUITE, 'serve_tagger', taggerBest.requestsPerSecond, 'requests/s')
    report(SUITE, 'serve_bare_p99', bareBest.p99, 'ms')
    report(SUITE, 'serve_identity_p50', identityBest.p50, 'ms')
    report(SUITE, 'serve_identity_p99', identityBest.p99, 'ms')
    report(SUITE, 'serve_tagger_p50', taggerBest.p50, 'ms')
    report(SUITE, 'serve_tagger_p99', taggerBest.p99, 'ms')
    report(SUITE, 'serve_identity_vs_bare', 100 * lowestRatio(identityRounds, bareRounds), '%')
    if (originalRounds !== undefined) {
      report(SUITE, 'serve_python', best(originalRounds).requestsPerSecond, 'requests/s')
      report(SUITE, 'serve_identity_vs_python', lowestRatio(identityRounds, originalRounds), 'x')
    }
  } finally {
    for (const target of targets) await target.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
