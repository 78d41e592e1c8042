/**
 * The pipeline suite (issue 4): a one-task pipeline over 100,000 `Small` objects (read → append a `Small`
 * with `value * 2`), run by the compiled binary: whole-run wall time with 1 and 2 Workers in the same run;
 * inputs verified (the default) and, with 1 Worker, unverified (`--no-verify`) with the cost in %; the
 * Workers' start-up time; the cores a 1-Worker run keeps busy (which bounds what a second Worker can
 * add on a 2-core machine); and the peak RSS of the same pipeline over 1,000,000 objects (in a child
 * process, from source, where its own peak can be read).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset } from '../src/index.ts'
import { Small } from '../test/helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../test/helpers/repo-info.ts'
import { makeSmall } from './objects.ts'
import { report } from './report.ts'

const SUITE = 'pipeline'
const N = 100_000
const REPEAT = 5
const PIPELINE = join(import.meta.dir, 'pipelines', 'double-smalls.ts')

const datasetIn = (dataDir: string, name: string) =>
  new Dataset(Small, { location: dataDir, project: 'bench', branch: 'b', name, repoInfo: TEST_REPO_INFO })

/** Writes `count` `Small`s as the pipeline's input under a new data directory. */
export const prepareSmalls = async (count: number): Promise<string> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hypergol-bench-'))
  const writer = datasetIn(dataDir, 'smalls').openWriter()
  for (let k = 0; k < count; k++) writer.append(makeSmall(k))
  writer.close()
  return dataDir
}

const BINARY = join(import.meta.dir, '..', 'dist', 'hypergol')

/**
 * One whole run of `hypergol run` by the compiled binary, as a user runs it (the output is deleted first);
 * returns the wall time, the cores it kept busy and the Workers' start-up time it logs under `--debug`.
 */
const runOnce = (dataDir: string, threads: number, verify = true) => {
  datasetIn(dataDir, 'doubled').delete()
  const started = performance.now()
  const child = Bun.spawnSync(
    [
      BINARY,
      'run',
      PIPELINE,
      '--data-dir',
      dataDir,
      '--threads',
      String(threads),
      '--allow-dirty',
      '--debug',
      ...(verify ? [] : ['--no-verify']),
    ],
    { stdout: 'ignore', stderr: 'pipe', env: { ...process.env, NO_COLOR: '1', CI: 'true' } },
  )
  const ms = performance.now() - started
  // CPU time over wall time: the cores the run kept busy, JSC's JIT and GC threads included.
  const cores = Number(child.resourceUsage.cpuTime.total) / 1000 / ms
  const stderr = child.stderr.toString()
  if (child.exitCode !== 0) throw new Error(`hypergol run failed:\n${stderr}`)
  const startup = Number(/worker\(s\) ready in ([\d.]+) ms/.exec(stderr)?.[1] ?? Number.NaN)
  return { ms, startup, cores }
}

const measurePeakRss = () => {
  const child = Bun.spawnSync(['bun', join(import.meta.dir, 'peak-rss-pipeline.ts'), '1000000'], {
    stdout: 'pipe',
    stderr: 'inherit',
  })
  if (child.exitCode !== 0) throw new Error('peak-rss-pipeline failed')
  report(SUITE, 'peak_rss_1m_pipeline', Number(child.stdout.toString().trim()), 'MB')
}

const median = (values: number[]): number =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] as number

const buildBinary = () => {
  const build = Bun.spawnSync(['bun', 'run', 'build.ts'], {
    cwd: join(import.meta.dir, '..'),
    stderr: 'inherit',
  })
  if (build.exitCode !== 0) throw new Error('build failed')
}

export const runPipelineSuite = async (): Promise<void> => {
  buildBinary()
  const dataDir = await prepareSmalls(N)
  const best = new Map<number, number>([
    [1, Infinity],
    [2, Infinity],
  ])
  let bestUnverified = Infinity
  const startups: number[] = []
  const coresOf1Worker: number[] = []
  try {
    // Alternating 1 and 2 Workers, so both meet the same machine (its speed drifts over seconds).
    for (let run = 0; run < REPEAT; run++) {
      for (const threads of [1, 2]) {
        const { ms, startup, cores } = runOnce(dataDir, threads)
        if (threads === 1) coresOf1Worker.push(cores)
        best.set(threads, Math.min(best.get(threads) as number, ms))
        startups.push(startup)
      }
      bestUnverified = Math.min(bestUnverified, runOnce(dataDir, 1, false).ms)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
  report(SUITE, 'pipeline_1_worker', (N / (best.get(1) as number)) * 1000, 'objects/s')
  report(SUITE, 'pipeline_1_worker_unverified', (N / bestUnverified) * 1000, 'objects/s')
  report(SUITE, 'pipeline_verify_cost', ((best.get(1) as number) / bestUnverified - 1) * 100, '%')
  report(SUITE, 'pipeline_2_workers', (N / (best.get(2) as number)) * 1000, 'objects/s')
  report(SUITE, 'worker_startup', median(startups), 'ms')
  report(SUITE, 'cores_busy_1_worker', median(coresOf1Worker), 'cores')
  measurePeakRss()
}
