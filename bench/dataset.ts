/**
 * The dataset suite (issue 3): write and read objects/s for `Small` and `Record` at N = 100,000 objects and
 * 16 chunks, objects built before timing (reads verified, as by default, and unverified, with the cost of
 * verification in %); the raw floor of the same work without hypergol; peak RSS of
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
import { RawFloor } from './raw-floor.ts'
import { report, timeOf } from './report.ts'

const SUITE = 'dataset'
const N = 100_000
const REPEAT = 5
/** Read turns per repetition, for each of verified and unverified. */
const READ_TURNS = 6
const REPO_INFO = TEST_REPO_INFO

/** Best wall times (ms) of the four measured works of one class. */
interface Timings {
  write: number
  /** Reading with every chunk verified against the `.chk` (the default). */
  read: number
  /** Reading with `{ verify: false }`, to show what verification costs. */
  readUnverified: number
  /**
   * What verification costs, robust to this VM's drift: the median over the turns of (verified read time /
   * unverified read time in the same turn) − 1.
   */
  verifyCost: number
  floorWrite: number
  floorRead: number
}

/**
 * Measures hypergol and its raw floor on the same objects, alternating them within each repetition so that
 * both meet the same machine: on a shared VM the speed drifts over seconds, and measuring one after the other
 * would put the drift into their ratio.
 */
const measureClass = async <T extends BaseData>(
  label: string,
  dataClass: DataClassOf<T>,
  objects: T[],
): Promise<Timings> => {
  const location = mkdtempSync(join(tmpdir(), 'hypergol-bench-'))
  const datasetOf = (index: number) =>
    new Dataset(dataClass, {
      location,
      project: 'bench',
      branch: 'b',
      name: `${label}_${index}`,
      repoInfo: REPO_INFO,
    })
  const plain = objects.map((object) => object.toData())
  const floor = new RawFloor(plain)
  const best: Timings = {
    write: Infinity,
    read: Infinity,
    readUnverified: Infinity,
    verifyCost: Number.NaN,
    floorWrite: Infinity,
    floorRead: Infinity,
  }
  const ratios: number[] = []
  const readAll = (run: number, verify: boolean) => async () => {
    let count = 0
    for await (const _ of datasetOf(run).read({ verify })) count++
    if (count !== objects.length) throw new Error(`read ${count} of ${objects.length}`)
  }
  for (let run = 0; run < REPEAT; run++) {
    best.write = Math.min(best.write, await timeOf(() => datasetOf(run).writeAll(objects)))
    best.floorWrite = Math.min(best.floorWrite, await timeOf(() => floor.write()))
  }
  // Reads come after the writes, so that none meets the disk flushing a write just made. In each turn the
  // verified and the unverified read run one after the other (which goes first alternates from turn to
  // turn), then the floor read; several turns per repetition, because a read is short next to this VM's
  // hiccups.
  for (let turn = 0; turn < REPEAT * READ_TURNS; turn++) {
    const run = turn % REPEAT
    const ms = { verified: 0, unverified: 0 }
    for (const verify of turn % 2 === 0 ? [true, false] : [false, true]) {
      const taken = await timeOf(readAll(run, verify))
      if (verify) ms.verified = taken
      else ms.unverified = taken
    }
    best.read = Math.min(best.read, ms.verified)
    best.readUnverified = Math.min(best.readUnverified, ms.unverified)
    ratios.push(ms.verified / ms.unverified)
    best.floorRead = Math.min(best.floorRead, await timeOf(() => floor.read()))
  }
  rmSync(location, { recursive: true, force: true })
  best.verifyCost = (ratios.toSorted((a, b) => a - b)[Math.floor(ratios.length / 2)] as number) - 1
  return best
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
  const rate = (ms: number) => (N / ms) * 1000
  // One class at a time, so the objects of one class are not live heap while the other is measured.
  for (const [label, timings] of [
    [
      'small',
      await measureClass(
        'small',
        Small,
        Array.from({ length: N }, (_, k) => makeSmall(k)),
      ),
    ],
    [
      'record',
      await measureClass(
        'record',
        Record,
        Array.from({ length: N }, (_, k) => makeRecord(k)),
      ),
    ],
  ] as const) {
    report(SUITE, `${label}_write`, rate(timings.write), 'objects/s')
    report(SUITE, `${label}_read`, rate(timings.read), 'objects/s')
    report(SUITE, `${label}_read_unverified`, rate(timings.readUnverified), 'objects/s')
    report(SUITE, `${label}_read_verify_cost`, timings.verifyCost * 100, '%')
    report(SUITE, `floor_${label}_write`, rate(timings.floorWrite), 'objects/s')
    report(SUITE, `floor_${label}_read`, rate(timings.floorRead), 'objects/s')
  }
  measurePeakRss()
  measureHelpStartup()
}
