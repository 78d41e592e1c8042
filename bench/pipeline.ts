/**
 * The pipeline suite (issues 4 and 20), every figure from whole `hypergol run`s of the compiled binary with
 * every input chunk verified, as users run it:
 * - fixed cost: a one-task pipeline (read `Small`s, append each with `value * 2`) over 1,000 objects, and a
 *   run where it is up to date, with the phases `--timings` prints for the median 1,000-object run;
 * - 100,000 objects on 1 and 2 Workers, and unverified (`--no-verify`) with the cost in %;
 * - per-job cost: a copy over a 4096-chunk dataset of 5,000 objects, in ms per job, on 1 and 2 Workers;
 * - 1,000,000 objects: objects/s on 1 Worker as a share of the raw floor's read + write of the same objects
 *   measured in the same run, and CPU seconds (user + system, all threads) per million objects on 1 and 2
 *   Workers;
 * - the Python original (a reproduction of its Task/Pipeline machinery, `python-pipeline.ts`) over the same
 *   100,000 and 1,000,000 objects in the same run, its output checked chunk by chunk against hypergol's;
 * - throughput per thread count (`bun run bench pipeline --threads 1,2,4,8,16`);
 * - the Workers' start-up, the cores a 1-Worker run keeps busy, and the peak RSS over 1,000,000 objects on 1
 *   and 2 Workers (in a child process, from source, where its own peak can be read).
 *
 * Runs that are compared alternate, so that they meet the same machine: this VM's speed drifts over seconds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset } from '../src/index.ts'
import { Small } from '../test/helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../test/helpers/repo-info.ts'
import { makeSmall } from './objects.ts'
import { runPythonOriginalPipeline } from './python-pipeline.ts'
import { RawFloor } from './raw-floor.ts'
import { report } from './report.ts'

const SUITE = 'pipeline'
const DOUBLE = join(import.meta.dir, 'pipelines', 'double-smalls.ts')
const COPY_4096 = join(import.meta.dir, 'pipelines', 'copy-smalls-4096.ts')
const BINARY = join(import.meta.dir, '..', 'dist', 'hypergol')

/** Options of {@link runPipelineSuite}. */
export interface PipelineSuiteOptions {
  /** Thread counts to measure the 100,000-object pipeline at (`--threads 1,2,4`). @default [1, 2] */
  threads?: number[]
}

const datasetIn = (dataDir: string, name: string, chunkCount = 16) =>
  new Dataset(Small, {
    location: dataDir,
    project: 'bench',
    branch: 'b',
    name,
    chunkCount,
    repoInfo: TEST_REPO_INFO,
  })

/** Writes `count` `Small`s as dataset `name` (of `chunkCount` chunks) under a new data directory. */
export const prepareSmalls = async (count: number, name = 'smalls', chunkCount = 16): Promise<string> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hypergol-bench-'))
  const writer = datasetIn(dataDir, name, chunkCount).openWriter()
  for (let k = 0; k < count; k++) writer.append(makeSmall(k))
  writer.close()
  return dataDir
}

interface RunFigures {
  ms: number
  /** CPU time of the whole process (every thread), ms. */
  cpuMs: number
  /** The phases `--timings` printed, ms. */
  phases: Map<string, number>
}

/**
 * One `hypergol run` of `pipeline` by the compiled binary, with `--timings`; with `output`, that output is
 * deleted first (else the run finds it up to date).
 */
const runOnce = (
  pipeline: string,
  dataDir: string,
  options: { threads: number; output?: { name: string; chunkCount: number }; verify?: boolean },
): RunFigures => {
  if (options.output !== undefined)
    datasetIn(dataDir, options.output.name, options.output.chunkCount).delete()
  const started = performance.now()
  const child = Bun.spawnSync(
    [
      BINARY,
      'run',
      pipeline,
      '--data-dir',
      dataDir,
      '--threads',
      String(options.threads),
      '--allow-dirty',
      '--timings',
      ...(options.verify === false ? ['--no-verify'] : []),
    ],
    { stdout: 'ignore', stderr: 'pipe', env: { ...process.env, NO_COLOR: '1', CI: 'true' } },
  )
  const ms = performance.now() - started
  const stderr = child.stderr.toString()
  if (child.exitCode !== 0) throw new Error(`hypergol run failed:\n${stderr}`)
  const phases = new Map(
    [...stderr.matchAll(/^ {2}(\S.*?) +(\d+\.\d) ms$/gm)].map((match) => [
      (match[1] as string).trim(),
      Number(match[2]),
    ]),
  )
  return { ms, cpuMs: Number(child.resourceUsage.cpuTime.total) / 1000, phases }
}

const median = (values: number[]): number =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] as number

const slug = (phase: string): string => phase.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')

const buildBinary = () => {
  const build = Bun.spawnSync(['bun', 'run', 'build.ts'], {
    cwd: join(import.meta.dir, '..'),
    stderr: 'inherit',
  })
  if (build.exitCode !== 0) throw new Error('build failed')
}

/** hypergol's `doubled` must hold what the Python original wrote: the same work, or no comparison. */
const assertSameOutput = (dataDir: string, pythonSha1s: Record<string, string>): void => {
  const chk = JSON.parse(readFileSync(join(dataDir, 'bench', 'b', 'doubled', 'doubled.chk'), 'utf8')) as {
    [file: string]: string
  }
  for (const [file, sha1] of Object.entries(pythonSha1s)) {
    if (chk[file] !== sha1)
      throw new Error(`the Python original wrote ${file} with SHA-1 ${sha1}, hypergol ${chk[file]}`)
  }
}

/** The Python original over the `smalls` of `dataDir` (1 thread), its output checked; ms or undefined. */
const pythonOriginal = (dataDir: string): number | undefined => {
  const python = runPythonOriginalPipeline(dataDir, 1)
  if (python === undefined) return undefined
  runOnce(DOUBLE, dataDir, { threads: 1, output: { name: 'doubled', chunkCount: 16 } })
  assertSameOutput(dataDir, python.chunkSha1s)
  return python.wallMs
}

const measureFixedCost = async (): Promise<void> => {
  const dataDir = await prepareSmalls(1000)
  try {
    const builds: RunFigures[] = []
    const upToDate: number[] = []
    for (let run = 0; run < 9; run++) {
      builds.push(runOnce(DOUBLE, dataDir, { threads: 1, output: { name: 'doubled', chunkCount: 16 } }))
      upToDate.push(runOnce(DOUBLE, dataDir, { threads: 1 }).ms)
    }
    const typical = builds.toSorted((a, b) => a.ms - b.ms)[Math.floor(builds.length / 2)] as RunFigures
    report(SUITE, 'pipeline_1k_run', typical.ms, 'ms')
    report(SUITE, 'pipeline_up_to_date_run', median(upToDate), 'ms')
    for (const [phase, ms] of typical.phases) report(SUITE, `pipeline_1k_phase_${slug(phase)}`, ms, 'ms')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const measure100k = async (threadCounts: number[]): Promise<void> => {
  const N = 100_000
  const dataDir = await prepareSmalls(N)
  const output = { name: 'doubled', chunkCount: 16 }
  try {
    const best = new Map<number, number>(threadCounts.map((threads) => [threads, Infinity]))
    let unverified = Infinity
    const startups: number[] = []
    const cores: number[] = []
    for (let run = 0; run < 5; run++) {
      for (const threads of threadCounts) {
        const figures = runOnce(DOUBLE, dataDir, { threads, output })
        best.set(threads, Math.min(best.get(threads) as number, figures.ms))
        startups.push(figures.phases.get('workers start') ?? Number.NaN)
        if (threads === 1) cores.push(figures.cpuMs / figures.ms)
      }
      unverified = Math.min(unverified, runOnce(DOUBLE, dataDir, { threads: 1, output, verify: false }).ms)
    }
    const python = [pythonOriginal(dataDir), pythonOriginal(dataDir)].filter((ms) => ms !== undefined)
    const rate = (ms: number) => (N / ms) * 1000
    const oneWorker = best.get(1) ?? Infinity
    report(SUITE, 'pipeline_1_worker', rate(oneWorker), 'objects/s')
    report(SUITE, 'pipeline_1_worker_unverified', rate(unverified), 'objects/s')
    report(SUITE, 'pipeline_verify_cost', (oneWorker / unverified - 1) * 100, '%')
    if (best.has(2)) report(SUITE, 'pipeline_2_workers', rate(best.get(2) as number), 'objects/s')
    for (const [threads, ms] of best) report(SUITE, `pipeline_100k_threads_${threads}`, rate(ms), 'objects/s')
    if (python.length > 0) {
      const pythonMs = Math.min(...python)
      report(SUITE, 'pipeline_python_100k', rate(pythonMs), 'objects/s')
      report(SUITE, 'pipeline_100k_vs_python', pythonMs / oneWorker, 'x')
    }
    report(SUITE, 'worker_startup', median(startups), 'ms')
    if (cores.length > 0) report(SUITE, 'cores_busy_1_worker', median(cores), 'cores')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const measurePerJob = async (): Promise<void> => {
  const dataDir = await prepareSmalls(5000, 'smalls_4096', 4096)
  const output = { name: 'copied_4096', chunkCount: 4096 }
  try {
    const best = new Map([
      [1, Infinity],
      [2, Infinity],
    ])
    for (let run = 0; run < 3; run++) {
      for (const threads of [1, 2]) {
        best.set(
          threads,
          Math.min(best.get(threads) as number, runOnce(COPY_4096, dataDir, { threads, output }).ms),
        )
      }
    }
    report(SUITE, 'pipeline_4096_jobs_1_worker', (best.get(1) as number) / 4096, 'ms/job')
    report(SUITE, 'pipeline_4096_jobs_2_workers', (best.get(2) as number) / 4096, 'ms/job')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const measureMillion = async (): Promise<void> => {
  const N = 1_000_000
  const dataDir = await prepareSmalls(N)
  const output = { name: 'doubled', chunkCount: 16 }
  try {
    // The floor: the same objects written and read with no hypergol code, alternating with the runs.
    let floor = new RawFloor(Array.from({ length: N }, (_, k) => makeSmall(k).toData()))
    const best = { one: Infinity, two: Infinity, floor: Infinity }
    const cpu: { one: number[]; two: number[] } = { one: [], two: [] }
    for (let run = 0; run < 3; run++) {
      const one = runOnce(DOUBLE, dataDir, { threads: 1, output })
      const two = runOnce(DOUBLE, dataDir, { threads: 2, output })
      const started = performance.now()
      floor.write()
      floor.read()
      best.floor = Math.min(best.floor, performance.now() - started)
      best.one = Math.min(best.one, one.ms)
      best.two = Math.min(best.two, two.ms)
      cpu.one.push(one.cpuMs)
      cpu.two.push(two.cpuMs)
    }
    floor = new RawFloor([])
    const python = pythonOriginal(dataDir)
    report(SUITE, 'pipeline_1m_1_worker', (N / best.one) * 1000, 'objects/s')
    report(SUITE, 'pipeline_1m_2_workers', (N / best.two) * 1000, 'objects/s')
    report(SUITE, 'floor_1m_read_write', (N / best.floor) * 1000, 'objects/s')
    report(SUITE, 'pipeline_1m_share_of_floor', (best.floor / best.one) * 100, '%')
    // CPU seconds per million objects: this is a million objects already.
    const cpuOne = median(cpu.one) / 1000
    const cpuTwo = median(cpu.two) / 1000
    report(SUITE, 'pipeline_cpu_per_m_1_worker', cpuOne, 's')
    report(SUITE, 'pipeline_cpu_per_m_2_workers', cpuTwo, 's')
    report(SUITE, 'pipeline_2_workers_cpu_overhead', (cpuTwo / cpuOne - 1) * 100, '%')
    if (python !== undefined) {
      report(SUITE, 'pipeline_python_1m', (N / python) * 1000, 'objects/s')
      report(SUITE, 'pipeline_1m_vs_python', python / best.one, 'x')
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const measurePeakRss = (threads: number): number => {
  const child = Bun.spawnSync(
    ['bun', join(import.meta.dir, 'peak-rss-pipeline.ts'), '1000000', String(threads)],
    { stdout: 'pipe', stderr: 'inherit' },
  )
  if (child.exitCode !== 0) throw new Error('peak-rss-pipeline failed')
  return Number(child.stdout.toString().trim())
}

export const runPipelineSuite = async (options: PipelineSuiteOptions = {}): Promise<void> => {
  buildBinary()
  await measureFixedCost()
  // 1 Worker always: the other figures are compared with it.
  await measure100k([...new Set([1, ...(options.threads ?? [2])])])
  await measurePerJob()
  await measureMillion()
  const [one, two] = [measurePeakRss(1), measurePeakRss(2)]
  report(SUITE, 'peak_rss_1m_pipeline_1_worker', one, 'MB')
  report(SUITE, 'peak_rss_1m_pipeline_2_workers', two, 'MB')
  report(SUITE, 'peak_rss_per_added_worker', two - one, 'MB')
}
