/**
 * Whole pipeline runs through real Workers (from source): the fixtures reproduced at 1 and 2 threads,
 * re-runs, stale outputs, failing and dying tasks, source tasks and whole loaded inputs.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Record } from '../../../examples/record-summaries/data-models/record.ts'
import { Dataset, HypergolError, type RunPipelineOptions, runPipelineFile } from '../../../src/index.ts'
import { fixtureDir } from '../../helpers/fixtures.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

const ROOT = join(import.meta.dir, '..', '..', '..')
const EXAMPLE = join(ROOT, 'examples', 'record-summaries', 'pipelines', 'record-summaries.ts')
const TEST_PIPELINE = join(ROOT, 'test', 'helpers', 'pipelines', 'test-pipeline.ts')
const TIMEOUT = 30_000

let dataDir: string
const branchDir = () => join(dataDir, 'fixture_project', 'fixture_branch')
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hypergol-'))
  mkdirSync(branchDir(), { recursive: true })
  cpSync(fixtureDir('records'), join(branchDir(), 'records'), { recursive: true })
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

// The tests run inside hypergol's own repository, whose working tree may be dirty while developing; the
// dirty check itself is tested end to end in a repository of its own.
const run = (path: string, options: RunPipelineOptions = {}) =>
  runPipelineFile(path, { dataDir, allowDirty: true, ...options })

const configure = (config: object) =>
  writeFileSync(join(dataDir, 'test-pipeline.json'), JSON.stringify(config))

const chunkEntries = (directory: string): { [file: string]: string } => {
  const name = directory.split('/').at(-1) as string
  const chk = JSON.parse(readFileSync(join(directory, `${name}.chk`), 'utf8')) as { [file: string]: string }
  return Object.fromEntries(Object.entries(chk).filter(([file]) => !file.endsWith('.def')))
}

const failureOf = async (promise: Promise<unknown>): Promise<HypergolError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof HypergolError)) throw new Error(`expected a HypergolError, got ${String(error)}`)
  return error
}

describe('runPipelineFile on the record-summaries example', () => {
  test.each([1, 2])(
    "given the fixture records and %i thread(s), when run, then both outputs have the Python fixtures' chunk SHA-1s and no scratch is left",
    async (threads) => {
      const report = await run(EXAMPLE, { threads })

      expect(report.tasks.map((task) => [task.name, task.status, task.objectsIn, task.objectsOut])).toEqual([
        ['SummariseRecords', 'built', 1000, 2000],
        ['ProbeLoadedChunk', 'built', 1000, 1000],
      ])
      for (const name of ['record_summaries', 'loaded_chunk_probe'] as const) {
        expect(chunkEntries(join(branchDir(), name))).toEqual(chunkEntries(fixtureDir(name)))
      }
      expect(existsSync(join(dataDir, 'temp'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given a finished run, when run again, then every task is up to date and nothing is rewritten',
    async () => {
      await run(EXAMPLE, { threads: 2 })
      const before = readFileSync(join(branchDir(), 'record_summaries', 'record_summaries.def'), 'utf8')

      const report = await run(EXAMPLE, { threads: 2 })

      expect(report.tasks.map((task) => task.status)).toEqual(['up-to-date', 'up-to-date'])
      expect(readFileSync(join(branchDir(), 'record_summaries', 'record_summaries.def'), 'utf8')).toBe(before)
    },
    TIMEOUT,
  )

  test(
    'given an input changed after the run, when run again, then refused with E_OUTPUT_STALE naming the input, and --rebuild rebuilds it',
    async () => {
      await run(EXAMPLE, { threads: 2, onlyTasks: [0] })
      const records = new Dataset(Record, {
        location: dataDir,
        project: 'fixture_project',
        branch: 'fixture_branch',
        name: 'records',
        repoInfo: TEST_REPO_INFO,
      })
      const changed = (await Array.fromAsync(records.read())).filter((record) => record.recordId !== 7)
      records.delete()
      await records.writeAll(changed)

      const error = await failureOf(run(EXAMPLE, { threads: 2, onlyTasks: [0] }))
      const rebuilt = await run(EXAMPLE, { threads: 2, onlyTasks: [0], rebuild: true })

      expect(error.code).toBe('E_OUTPUT_STALE')
      expect(error.message).toContain('input records changed')
      expect(rebuilt.tasks[0]).toMatchObject({ status: 'built', objectsIn: 999, objectsOut: 1998 })
      const def = JSON.parse(
        readFileSync(join(branchDir(), 'record_summaries', 'record_summaries.def'), 'utf8'),
      )
      expect(def.dependencies[0].chkFileChecksum).toBe(records.checksum())
    },
    TIMEOUT,
  )
})

describe('runPipelineFile when tasks fail', () => {
  test(
    'given an output whose own repoInfo function throws, when run, then that error is reported and nothing is published or left behind',
    async () => {
      configure({ mode: 'no-git-facts' })

      const error = await run(TEST_PIPELINE, { threads: 2 }).then(
        () => undefined,
        (e: unknown) => e,
      )

      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toBe('no git facts here')
      expect(existsSync(join(branchDir(), 'record_summaries'))).toBe(false)
      expect(existsSync(join(dataDir, 'temp'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given run throws for one record, when run, then E_TASK_FAILED names task, job, object and cause, and nothing is published or left behind',
    async () => {
      configure({ mode: 'failing', failIds: [17] })

      const error = await failureOf(run(TEST_PIPELINE, { threads: 2 }))

      expect(error.code).toBe('E_TASK_FAILED')
      expect(error.message).toMatch(
        /^task FailingSummaries failed in job \d+ at input object \d+ \(Record with hash id "17"\): cannot summarise 17$/,
      )
      expect(existsSync(join(branchDir(), 'record_summaries'))).toBe(false)
      expect(existsSync(join(dataDir, 'temp'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given keepGoing, when run throws for two records, then the output is published without them and the count is reported',
    async () => {
      configure({ mode: 'failing', failIds: [17, 500] })

      const report = await run(TEST_PIPELINE, { threads: 2, keepGoing: true })

      expect(report.tasks[0]).toMatchObject({
        status: 'built',
        objectsIn: 1000,
        objectsOut: 1996,
        failedObjects: 2,
      })
      const summaries = await Array.fromAsync(
        new Dataset(
          (await import('../../../examples/record-summaries/data-models/record-summary.ts')).RecordSummary,
          {
            location: dataDir,
            project: 'fixture_project',
            branch: 'fixture_branch',
            name: 'record_summaries',
          },
        ).read({ verify: true }),
      )
      expect(summaries.some((summary) => summary.recordId === 17 || summary.recordId === 500)).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given task code that calls process.exit in its Worker, when run, then E_WORKER_DIED names the task and job, with no hang and nothing left behind',
    async () => {
      configure({ mode: 'exiting' })

      const error = await failureOf(run(TEST_PIPELINE, { threads: 2 }))

      expect(error.code).toBe('E_WORKER_DIED')
      expect(error.message).toMatch(/^task ExitingTask, job \d+: a Worker exited \(code 3\)$/)
      expect(existsSync(join(branchDir(), 'record_summaries'))).toBe(false)
      expect(existsSync(join(dataDir, 'temp'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given a pipeline module that builds different tasks each time, when run, then the Workers refuse it with E_PIPELINE_LOAD',
    async () => {
      configure({ mode: 'random' })

      const error = await failureOf(run(TEST_PIPELINE, { threads: 1 }))

      expect(error.code).toBe('E_PIPELINE_LOAD')
      expect(error.message).toContain('built a different task 0 in a Worker')
    },
    TIMEOUT,
  )

  test(
    'given an output built by a task with other parameters, when run, then refused before anything runs',
    async () => {
      configure({ mode: 'failing', failIds: [] })
      await run(TEST_PIPELINE, { threads: 1 })
      configure({ mode: 'failing', failIds: [3] })

      const error = await failureOf(run(TEST_PIPELINE, { threads: 1 }))

      expect(error.code).toBe('E_OUTPUT_STALE')
      expect(error.message).toContain("the task's class, parameters or datasets changed since it was built")
      expect(error.hint).toContain('Nothing was run')
    },
    TIMEOUT,
  )
})

describe('runPipelineFile with other kinds of tasks', () => {
  test(
    'given a task that copies each record, when run, then every output chunk equals its input chunk (merged without decompressing)',
    async () => {
      configure({ mode: 'copy' })

      await run(TEST_PIPELINE, { threads: 2 })

      expect(Object.values(chunkEntries(join(branchDir(), 'records_copy')))).toEqual(
        Object.values(chunkEntries(fixtureDir('records'))),
      )
    },
    TIMEOUT,
  )

  test(
    'given a source task with 3 jobs of 50 items, when run on 2 threads, then 150 objects are written in job order per chunk',
    async () => {
      configure({ mode: 'source' })

      const report = await run(TEST_PIPELINE, { threads: 2 })

      expect(report.tasks[0]).toMatchObject({ status: 'built', jobs: 3, objectsIn: 150, objectsOut: 150 })
      const { RecordSummary } = await import(
        '../../../examples/record-summaries/data-models/record-summary.ts'
      )
      const counted = new Dataset(RecordSummary, {
        location: dataDir,
        project: 'fixture_project',
        branch: 'fixture_branch',
        name: 'counted',
      })
      for (let chunk = 0; chunk < 16; chunk++) {
        const ids = (await Array.fromAsync(counted.readChunk(chunk)))
          .flat()
          .map((summary) => summary.recordId)
        expect(ids).toEqual([...ids].sort((a, b) => a - b))
      }
    },
    TIMEOUT,
  )

  test(
    'given a whole loaded input, when run, then every run call sees all 2000 summaries (unlike the same-chunk kind)',
    async () => {
      configure({ mode: 'whole' })

      await run(TEST_PIPELINE, { threads: 2 })

      const { RecordSummary } = await import(
        '../../../examples/record-summaries/data-models/record-summary.ts'
      )
      const probes = await Array.fromAsync(
        new Dataset(RecordSummary, {
          location: dataDir,
          project: 'fixture_project',
          branch: 'fixture_branch',
          name: 'whole_probe',
        }).read(),
      )
      expect(probes).toHaveLength(1000)
      expect(probes.every((probe) => probe.labelCount === 2000 && probe.total === 2)).toBe(true)
    },
    TIMEOUT,
  )
})
