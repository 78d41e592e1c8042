/**
 * The dataset suite (issue 3): write and read objects/s for `Small` and `Record` at N = 100,000 objects and
 * 16 chunks, objects built before timing; the raw floor of the same work without hypergol; peak RSS of
 * writing then reading 1,000,000 `Small` objects (in a child process); and `hypergol --help` start-up.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BaseData, DataClassOf } from '../src/data/base-data.ts'
import { Dataset } from '../src/index.ts'
import { Record, Small } from '../test/helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../test/helpers/repo-info.ts'
import { makeRecord, makeSmall } from './objects.ts'
import { bestOf, report } from './report.ts'

const SUITE = 'dataset'
const N = 100_000
const REPEAT = 3
const REPO_INFO = TEST_REPO_INFO

const measureHypergol = async <T extends BaseData>(
  label: string,
  dataClass: DataClassOf<T>,
  objects: T[],
) => {
  const location = mkdtempSync(join(tmpdir(), 'hypergol-bench-'))
  let run = 0
  const datasetOf = (index: number) =>
    new Dataset(dataClass, {
      location,
      project: 'bench',
      branch: 'b',
      name: `${label}_${index}`,
      repoInfo: REPO_INFO,
    })
  const writeMs = await bestOf(REPEAT, () => datasetOf(run++).writeAll(objects))
  const readMs = await bestOf(REPEAT, async () => {
    let count = 0
    for await (const _ of datasetOf(0).read()) count++
    if (count !== objects.length) throw new Error(`read ${count} of ${objects.length}`)
  })
  rmSync(location, { recursive: true, force: true })
  report(SUITE, `${label}_write`, (objects.length / writeMs) * 1000, 'objects/s')
  report(SUITE, `${label}_read`, (objects.length / readMs) * 1000, 'objects/s')
}

/** The same work with no hypergol code: JSON.stringify + gzip + SHA-1, then gunzip + JSON.parse. */
const measureFloor = async (label: string, plain: unknown[]) => {
  const chunks = 16
  let compressed: Uint8Array[] = []
  const writeMs = await bestOf(REPEAT, () => {
    const buckets: string[][] = Array.from({ length: chunks }, () => [])
    for (let i = 0; i < plain.length; i++) (buckets[i % chunks] as string[]).push(JSON.stringify(plain[i]))
    compressed = buckets.map((lines) => {
      const bytes = Buffer.from(`${lines.join('\n')}\n`)
      new Bun.CryptoHasher('sha1').update(bytes).digest('hex')
      return Bun.gzipSync(bytes, { level: 2 })
    })
  })
  const readMs = await bestOf(REPEAT, () => {
    let count = 0
    for (const gz of compressed) {
      for (const line of new TextDecoder().decode(Bun.gunzipSync(gz as Uint8Array<ArrayBuffer>)).split('\n'))
        if (line !== '') count += JSON.parse(line) ? 1 : 0
    }
    if (count !== plain.length) throw new Error('floor read lost objects')
  })
  report(SUITE, `floor_${label}_write`, (plain.length / writeMs) * 1000, 'objects/s')
  report(SUITE, `floor_${label}_read`, (plain.length / readMs) * 1000, 'objects/s')
}

const measurePeakRss = () => {
  const child = Bun.spawnSync(['bun', join(import.meta.dir, 'peak-rss-small.ts'), '1000000'], {
    stdout: 'pipe',
    stderr: 'inherit',
  })
  if (child.exitCode !== 0) throw new Error('peak-rss-small failed')
  report(SUITE, 'peak_rss_1m_small', Number(child.stdout.toString().trim()), 'MB')
}

const measureHelpStartup = () => {
  const binary = join(import.meta.dir, '..', 'dist', 'hypergol')
  if (!existsSync(binary)) {
    const build = Bun.spawnSync(['bun', 'run', 'build.ts'], {
      cwd: join(import.meta.dir, '..'),
      stderr: 'inherit',
    })
    if (build.exitCode !== 0) throw new Error('build failed')
  }
  const times: number[] = []
  for (let i = 0; i < 15; i++) {
    const started = performance.now()
    Bun.spawnSync([binary, '--help'], {
      stdout: 'ignore',
      stderr: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    })
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  report(SUITE, 'help_startup', times[Math.floor(times.length / 2)] as number, 'ms')
}

export const runDatasetSuite = async (): Promise<void> => {
  const smalls = Array.from({ length: N }, (_, k) => makeSmall(k))
  const records = Array.from({ length: N }, (_, k) => makeRecord(k))
  await measureHypergol('small', Small, smalls)
  await measureHypergol('record', Record, records)
  await measureFloor(
    'small',
    smalls.map((small) => small.toData()),
  )
  await measureFloor(
    'record',
    records.map((record) => record.toData()),
  )
  measurePeakRss()
  measureHelpStartup()
}
