/**
 * One job of a task, in-process (no Workers): zipped inputs, both kinds of loaded inputs, source tasks,
 * failing objects with and without keep-going.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { ChunkPart } from '../../../src/dataset/chunk-sink.ts'
import {
  BaseData,
  chunkIndexOf,
  DatasetFactory,
  HypergolError,
  type JobParameters,
  Task,
} from '../../../src/index.ts'
import { type ObjectFailure, type RunJobContext, runJob } from '../../../src/pipeline/run-job.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

let location: string
let factory: DatasetFactory
let context: RunJobContext
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
  factory = new DatasetFactory({ location, project: 'proj', branch: 'main', repoInfo: TEST_REPO_INFO })
  context = {
    partsPath: join(location, 'out_worker0.parts'),
    keepGoing: false,
    wholeCache: new Map(),
  }
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

const smalls = (ids: number[]) => ids.map((k) => makeSmall(k))

const readJobOutput = (parts: ChunkPart[]): Small[] => {
  const file = readFileSync(context.partsPath)
  return parts.flatMap((part) =>
    gunzipSync(file.subarray(part.offset, part.offset + part.length))
      .toString()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => Small.fromJson(line)),
  )
}

/** Appends a copy of each input with value doubled; records what `run` received. */
class Double extends Task<Small> {
  calls: unknown[][] = []
  run(small: Small, ...rest: unknown[]): void {
    this.calls.push(rest)
    this.output.append(new Small({ ...small, value: small.value * 2 }))
  }
}

describe('runJob with input datasets', () => {
  test('given one input, when job j runs, then run gets chunk j in order and the job dataset holds its outputs', async () => {
    const input = factory.get(Small, 'smalls')
    await input.writeAll(smalls([...Array(200).keys()]))
    const output = factory.get(Small, 'doubled')
    const task = new Double({ inputDatasets: [input], outputDataset: output })
    const chunk3: Small[] = []
    for await (const block of input.readChunk(3)) chunk3.push(...block)

    const {
      report,
      pieces: { parts },
    } = await runJob(task, { id: 3, parameters: {}, total: undefined }, context)

    expect(report).toMatchObject({
      jobId: 3,
      objectsIn: chunk3.length,
      objectsOut: chunk3.length,
      failedObjects: 0,
    })
    const written = readJobOutput(parts)
    expect(written.map((small) => small.smallId).sort((a, b) => a - b)).toEqual(
      chunk3.map((small) => small.smallId).sort((a, b) => a - b),
    )
    expect(written.every((small) => small.value === (small.smallId / 7) * 2)).toBe(true)
  })

  test('given two inputs with the same objects, when zipped, then run gets one object of each', async () => {
    const first = factory.get(Small, 'first')
    const second = factory.get(Small, 'second')
    await first.writeAll(smalls([...Array(100).keys()]))
    await second.writeAll(smalls([...Array(100).keys()]))
    const seen: [number, number][] = []
    class Pair extends Task<Small> {
      run(a: Small, b: Small): void {
        seen.push([a.smallId, b.smallId])
      }
    }
    const task = new Pair({ inputDatasets: [first, second], outputDataset: factory.get(Small, 'out') })

    const { report } = await runJob(task, { id: 0, parameters: {}, total: undefined }, context)

    expect(report.objectsIn).toBeGreaterThan(0)
    expect(seen.every(([a, b]) => a === b)).toBe(true)
  })

  test('given zipped inputs whose hash ids differ, when run, then fails with E_INPUT_MISMATCH naming both inputs', async () => {
    const first = factory.get(Small, 'first')
    const second = factory.get(Small, 'second')
    await first.writeAll(smalls([...Array(100).keys()]))
    // Same routing (chunk of each id kept), different ids at the same positions: ids shifted within chunk 0.
    const chunk0: Small[] = []
    for await (const block of first.readChunk(0)) chunk0.push(...block)
    const reversed = [...chunk0].reverse()
    await second.writeAll(reversed)
    const task = new Double({ inputDatasets: [first, second], outputDataset: factory.get(Small, 'out') })

    const error = await runJob(task, { id: 0, parameters: {}, total: undefined }, context).catch(
      (e: unknown) => e,
    )

    expect(error).toBeInstanceOf(HypergolError)
    expect((error as HypergolError).code).toBe('E_INPUT_MISMATCH')
    expect((error as HypergolError).message).toContain('input first has hash id')
    expect((error as HypergolError).message).toContain('input second has')
    expect(existsSync(context.partsPath)).toBe(false)
  })

  test('given zipped inputs with different hash ids and force, when run, then the tuples are passed as they come', async () => {
    const first = factory.get(Small, 'first')
    const second = factory.get(Small, 'second')
    await first.writeAll(smalls([...Array(100).keys()]))
    const chunk0: Small[] = []
    for await (const block of first.readChunk(0)) chunk0.push(...block)
    await second.writeAll([...chunk0].reverse())
    const task = new Double({
      inputDatasets: [first, second],
      outputDataset: factory.get(Small, 'out'),
      force: true,
    })

    const { report } = await runJob(task, { id: 0, parameters: {}, total: undefined }, context)

    expect(report.objectsIn).toBe(chunk0.length)
  })

  test('given zipped inputs of different lengths, when run, then fails with E_INPUT_MISMATCH (the original silently truncated)', async () => {
    const first = factory.get(Small, 'first')
    const second = factory.get(Small, 'second')
    await first.writeAll(smalls([...Array(100).keys()]))
    const chunk0: Small[] = []
    for await (const block of first.readChunk(0)) chunk0.push(...block)
    await second.writeAll(chunk0.slice(0, -1))
    const task = new Double({
      inputDatasets: [first, second],
      outputDataset: factory.get(Small, 'out'),
      force: true,
    })

    const error = await runJob(task, { id: 0, parameters: {}, total: undefined }, context).catch(
      (e: unknown) => e,
    )

    expect((error as HypergolError).code).toBe('E_INPUT_MISMATCH')
    expect((error as HypergolError).message).toContain(`ends after ${chunk0.length - 1} objects`)
  })
})

describe('runJob with loaded inputs', () => {
  test('given a same-chunk loaded input, when job j runs, then run gets chunk j of it as a list', async () => {
    const input = factory.get(Small, 'smalls')
    const loaded = factory.get(Small, 'loaded')
    await input.writeAll(smalls([...Array(300).keys()]))
    await loaded.writeAll(smalls([...Array(300).keys()].map((k) => k + 1000)))
    const loadedChunk5: Small[] = []
    for await (const block of loaded.readChunk(5)) loadedChunk5.push(...block)
    const task = new Double({
      inputDatasets: [input],
      loadedInputDatasets: [loaded],
      outputDataset: factory.get(Small, 'out'),
    })

    await runJob(task, { id: 5, parameters: {}, total: undefined }, context)

    expect(task.calls.length).toBeGreaterThan(0)
    for (const rest of task.calls) {
      expect(rest).toHaveLength(1)
      expect((rest[0] as Small[]).map((small) => small.smallId)).toEqual(
        loadedChunk5.map((small) => small.smallId),
      )
    }
  })

  test('given a whole loaded input, when two jobs run, then each run gets the whole dataset, read once', async () => {
    const input = factory.get(Small, 'smalls')
    const whole = factory.get(Small, 'whole')
    await input.writeAll(smalls([...Array(300).keys()]))
    await whole.writeAll(smalls([...Array(250).keys()]))
    const task = new Double({
      inputDatasets: [input],
      loadedWholeDatasets: [whole],
      outputDataset: factory.get(Small, 'out'),
    })

    await runJob(task, { id: 0, parameters: {}, total: undefined }, context)
    await runJob(task, { id: 1, parameters: {}, total: undefined }, context)

    const lists = new Set(task.calls.map((rest) => rest[0]))
    expect(lists.size).toBe(1)
    expect(([...lists][0] as Small[]).length).toBe(250)
  })
})

class Numbers extends Task<Small> {
  override getJobs() {
    return [{ parameters: { start: 0, count: 3 } }, { parameters: { start: 10, count: 2 } }]
  }
  override *sourceIterator(parameters: JobParameters): Iterable<unknown[]> {
    const { start, count } = parameters as { start: number; count: number }
    for (let k = start; k < start + count; k++) yield [k]
  }
  run(k: number): void {
    if (k === 11 && this.results.failOn11) throw new Error('eleven')
    this.output.append(makeSmall(k))
    this.results.last = k
  }
  override init(): void {
    this.results = { failOn11: false }
  }
}

describe('runJob with a source task', () => {
  test('given getJobs and a generator, when job 1 runs, then run gets each yielded item and results come back', async () => {
    const task = new Numbers({ outputDataset: factory.get(Small, 'numbers') })

    const { report } = await runJob(task, { id: 1, parameters: { start: 10, count: 2 }, total: 2 }, context)

    expect(report).toMatchObject({ objectsIn: 2, objectsOut: 2, results: { failOn11: false, last: 11 } })
  })

  test('given a sourceIterator that returns an array, when run, then fails with E_TASK_DEFINITION saying to use a generator', async () => {
    class ArraySource extends Numbers {
      override sourceIterator(): Iterable<unknown[]> {
        return [[1], [2]]
      }
    }
    const task = new ArraySource({ outputDataset: factory.get(Small, 'numbers') })

    const error = await runJob(task, { id: 0, parameters: {}, total: undefined }, context).catch(
      (e: unknown) => e,
    )

    expect((error as HypergolError).code).toBe('E_TASK_DEFINITION')
    expect((error as HypergolError).message).toContain('must be a generator')
  })
})

describe('runJob when run throws', () => {
  class Fragile extends Task<Small> {
    run(small: Small): void {
      if (small.smallId % 10 === 3) throw new Error(`bad ${small.smallId}`)
      this.output.append(small)
    }
  }

  test('given the default, when an object fails, then the job fails with E_TASK_FAILED naming task, job, position and cause, and leaves no job output', async () => {
    const input = factory.get(Small, 'smalls')
    await input.writeAll(smalls([...Array(100).keys()]))
    const task = new Fragile({ inputDatasets: [input], outputDataset: factory.get(Small, 'out') })

    const error = (await runJob(task, { id: 0, parameters: {}, total: undefined }, context).catch(
      (e: unknown) => e,
    )) as HypergolError

    expect(error.code).toBe('E_TASK_FAILED')
    expect(error.message).toMatch(
      /^task Fragile failed in job 0 at input object \d+ \(Small with hash id "\d*3"\): bad \d*3$/,
    )
    expect(existsSync(context.partsPath)).toBe(false)
  })

  test("given a Worker's parts file holding an earlier job's pieces, when the next job fails, then the file is cut back to them and they still read", async () => {
    class FailsInJob1 extends Task<Small> {
      run(small: Small): void {
        this.output.append(small)
        if (this.jobId === 1) throw new Error('no')
      }
    }
    const input = factory.get(Small, 'smalls')
    await input.writeAll(smalls([...Array(100).keys()]))
    const task = new FailsInJob1({ inputDatasets: [input], outputDataset: factory.get(Small, 'out') })
    const chunk0 = (await Array.fromAsync(input.readChunk(0))).flat()

    const { pieces } = await runJob(task, { id: 0, parameters: {}, total: undefined }, context)
    const bytesOfJob0 = readFileSync(context.partsPath)
    const error = await runJob(task, { id: 1, parameters: {}, total: undefined }, context).catch(
      (e: unknown) => e,
    )

    expect((error as HypergolError).code).toBe('E_TASK_FAILED')
    expect(readFileSync(context.partsPath)).toEqual(bytesOfJob0)
    expect(readJobOutput(pieces.parts).map((small) => small.smallId)).toEqual(
      chunk0.map((small) => small.smallId),
    )
  })

  test('given keepGoing, when objects fail, then they are counted and reported and the rest is written', async () => {
    const input = factory.get(Small, 'smalls')
    await input.writeAll(smalls([...Array(100).keys()]))
    const task = new Fragile({ inputDatasets: [input], outputDataset: factory.get(Small, 'out') })
    const failures: ObjectFailure[] = []
    let inChunk = 0
    for await (const block of input.readChunk(0)) inChunk += block.length
    const failing = (await Array.fromAsync(input.readChunk(0)))
      .flat()
      .filter((small) => small.smallId % 10 === 3)

    const { report } = await runJob(
      task,
      { id: 0, parameters: {}, total: undefined },
      { ...context, keepGoing: true, onObjectFailed: (failure) => failures.push(failure) },
    )

    expect(report.failedObjects).toBe(failing.length)
    expect(report.objectsOut).toBe(inChunk - failing.length)
    expect(failures.map((failure) => failure.message)).toEqual(failing.map((small) => `bad ${small.smallId}`))
  })

  test('given run appends an object of another class, when run, then the job fails naming the classes', async () => {
    class Wrong extends Task<Small> {
      run(): void {
        ;(this.output as unknown as { append(o: unknown): void }).append(new (BaseData.define({}))({}))
      }
    }
    const input = factory.get(Small, 'smalls')
    await input.writeAll(smalls([1]))
    const task = new Wrong({ inputDatasets: [input], outputDataset: factory.get(Small, 'out') })
    const jobId = chunkIndexOf(makeSmall(1).getHashId(), 16)

    const error = (await runJob(task, { id: jobId, parameters: {}, total: undefined }, context).catch(
      (e: unknown) => e,
    )) as HypergolError

    expect(error.code).toBe('E_TASK_FAILED')
    expect(error.message).toContain('holds Small objects, cannot append')
  })
})
