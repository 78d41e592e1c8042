import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatasetFactory, HypergolError, type JobParameters, Pipeline, Task } from '../../../src/index.ts'
import { describeValue, fingerprintOf, taskIdentityOf } from '../../../src/pipeline/fingerprint.ts'
import { type JobSpec, resolveJobs } from '../../../src/pipeline/jobs.ts'
import { runJob } from '../../../src/pipeline/run-job.ts'
import { acquireScratch, releaseScratch, scratchDirOf } from '../../../src/pipeline/scratch.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

let location: string
let factory: DatasetFactory
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
  factory = new DatasetFactory({ location, project: 'proj', branch: 'main', repoInfo: TEST_REPO_INFO })
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

class Copy extends Task<Small> {
  run(small: Small): void {
    this.output.append(small)
  }
}

class Scaled extends Copy {
  constructor(
    options: ConstructorParameters<typeof Copy>[0],
    readonly factor: number,
  ) {
    super(options)
  }
}

const expectError = (work: () => unknown, code: string, text: string) => {
  let error: unknown
  try {
    work()
  } catch (caught) {
    error = caught
  }
  expect(error).toBeInstanceOf(HypergolError)
  expect((error as HypergolError).code).toBe(code as HypergolError['code'])
  expect((error as HypergolError).message).toContain(text)
}

describe('Task', () => {
  test('given inputs and loaded inputs, when constructed, then the output depends on inputs, then loaded, then whole, in order', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => factory.get(Small, name))
    const output = factory.get(Small, 'out')

    const task = new Copy({
      inputDatasets: [a as never, b as never],
      loadedInputDatasets: [c as never],
      loadedWholeDatasets: [d as never],
      outputDataset: output,
    })

    expect(output.dependencies.map((dataset) => dataset.name)).toEqual(['a', 'b', 'c', 'd'])
    expect(task.allInputs().map((dataset) => dataset.name)).toEqual(['a', 'b', 'c', 'd'])
  })

  test.each([
    [{ outputDataset: 'out' }, 'outputDataset must be a Dataset'],
    [{ outputDataset: null, inputDatasets: [] }, 'outputDataset must be a Dataset'],
    [{ inputDatasets: 'x' }, 'inputDatasets must be a list of Datasets'],
    [{ threads: 0 }, 'threads must be a whole number ≥ 1, got 0'],
  ])('given options %j, when constructed, then E_TASK_DEFINITION says %s', (options, text) => {
    const withOutput =
      'outputDataset' in options ? options : { outputDataset: factory.get(Small, 'out'), ...options }

    expectError(() => new Copy(withOutput as never), 'E_TASK_DEFINITION', text)
  })

  test.each(['output', 'jobId', 'jobParameters'] as const)(
    'given a task outside a job, when this.%s is used, then E_TASK_DEFINITION says where it is available',
    (member) => {
      const task = new Copy({ outputDataset: factory.get(Small, 'out') })

      expectError(
        () => task[member],
        'E_TASK_DEFINITION',
        `Copy: this.${member} is only available inside a job`,
      )
    },
  )

  test('given a source task, when its jobs run, then init, run and finishJob see the job id and parameters', async () => {
    class Seen extends Task<Small> {
      seen: unknown[] = []
      override getJobs() {
        return [{ parameters: { first: 0 } }, { parameters: { first: 10 } }]
      }
      override *sourceIterator(parameters: JobParameters): Iterable<unknown[]> {
        yield [parameters.first]
      }
      override init(): void {
        this.seen.push(['init', this.jobId, this.jobParameters])
      }
      run(k: number): void {
        this.seen.push(['run', this.jobId, this.jobParameters, k])
        this.output.append(makeSmall(k))
      }
      override finishJob(): void {
        this.seen.push(['finishJob', this.jobId, this.jobParameters])
      }
    }
    const task = new Seen({ outputDataset: factory.get(Small, 'out') })
    const context = {
      partsPath: join(location, 'out_worker0.parts'),
      keepGoing: false,
      wholeCache: new Map(),
    }

    for (const job of [...(await resolveJobs(task))].reverse()) await runJob(task, job, context)

    expect(task.seen).toEqual([
      ['init', 1, { first: 10 }],
      ['run', 1, { first: 10 }, 10],
      ['finishJob', 1, { first: 10 }],
      ['init', 0, { first: 0 }],
      ['run', 0, { first: 0 }, 0],
      ['finishJob', 0, { first: 0 }],
    ])
    expectError(() => task.jobId, 'E_TASK_DEFINITION', 'only available inside a job')
  })

  test('given a task with an input, when job 3 runs, then this.jobId is 3 and this.jobParameters {}', async () => {
    const input = factory.get(Small, 'in')
    await input.writeAll(Array.from({ length: 200 }, (_, k) => makeSmall(k)))
    const seen: unknown[] = []
    class Jobs extends Copy {
      override init(): void {
        seen.push([this.jobId, this.jobParameters])
      }
    }
    const task = new Jobs({ inputDatasets: [input], outputDataset: factory.get(Small, 'out') })
    const context = {
      partsPath: join(location, 'out_worker0.parts'),
      keepGoing: false,
      wholeCache: new Map(),
    }

    await runJob(task, (await resolveJobs(task))[3] as JobSpec, context)

    expect(seen).toEqual([[3, {}]])
  })

  test('given two tasks writing the same dataset, when put in a pipeline, then E_TASK_DEFINITION names both', () => {
    const output = factory.get(Small, 'out')

    expectError(
      () => new Pipeline([new Copy({ outputDataset: output }), new Copy({ outputDataset: output })]),
      'E_TASK_DEFINITION',
      'pipeline tasks 0 and 1 both write out',
    )
  })
})

describe('taskIdentityOf and fingerprintOf', () => {
  const make = (factor: number, name = 'in') =>
    new Scaled(
      { inputDatasets: [factory.get(Small, name) as never], outputDataset: factory.get(Small, 'out') },
      factor,
    )

  test('given equal parameters, when identified twice, then equal; given other parameters or inputs, then different', () => {
    expect(taskIdentityOf(make(2))).toBe(taskIdentityOf(make(2)))
    expect(taskIdentityOf(make(2))).not.toBe(taskIdentityOf(make(3)))
    expect(taskIdentityOf(make(2))).not.toBe(taskIdentityOf(make(2, 'other')))
  })

  test('given the same task, when fingerprinted with sources that differ in one file, then the fingerprints differ and the identity does not', () => {
    const before = fingerprintOf(make(2), {
      'tasks/scaled.ts': 'a'.repeat(40),
      'helpers/x.ts': 'b'.repeat(40),
    })
    const after = fingerprintOf(make(2), {
      'tasks/scaled.ts': 'a'.repeat(40),
      'helpers/x.ts': 'c'.repeat(40),
    })
    const again = fingerprintOf(make(2), {
      'tasks/scaled.ts': 'a'.repeat(40),
      'helpers/x.ts': 'b'.repeat(40),
    })

    expect(after.fingerprint).not.toBe(before.fingerprint)
    expect(again.fingerprint).toBe(before.fingerprint)
    expect(after.identity).toBe(before.identity)
  })

  test('given a subclass with the same parameters, when fingerprinted, then its code makes it different', () => {
    class Other extends Scaled {}

    const other = new Other(
      { inputDatasets: [factory.get(Small, 'in') as never], outputDataset: factory.get(Small, 'out') },
      2,
    )

    expect(taskIdentityOf(other)).not.toBe(taskIdentityOf(make(2)))
  })

  test.each([
    [{ b: 1, a: [1n, 'x', null] }, 'Object{"a":[1n,"x",null],"b":1}'],
    [new Map([[1, -0]]), 'Map[[1,-0]]'],
    [new Uint8Array([1, 2]), 'Uint8Array(AQI=)'],
  ])('given %p, when described, then %s', (value, text) => {
    expect(describeValue(value)).toBe(text)
  })

  test('given a cyclic parameter, when described, then the cycle is cut', () => {
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic

    expect(describeValue(cyclic)).toBe('Object{"self":<cycle>}')
  })
})

describe('resolveJobs', () => {
  test('given inputs with different chunk counts, when resolved, then E_TASK_DEFINITION names them', async () => {
    const task = new Copy({
      inputDatasets: [factory.get(Small, 'a') as never],
      loadedInputDatasets: [factory.get(Small, 'b', { chunkCount: 256 }) as never],
      outputDataset: factory.get(Small, 'out'),
    })

    const error = await resolveJobs(task).catch((e: unknown) => e)

    expect((error as HypergolError).message).toContain('input b has 256 chunks, a has 16')
  })

  test('given an input with 256 chunks, when resolved, then one job per chunk', async () => {
    const task = new Copy({
      inputDatasets: [factory.get(Small, 'a', { chunkCount: 256 }) as never],
      outputDataset: factory.get(Small, 'out'),
    })

    expect((await resolveJobs(task)).map((job) => job.id)).toEqual([...Array(256).keys()])
  })

  test('given a task without inputs that does not override getJobs, when resolved, then E_TASK_DEFINITION says what to override', async () => {
    const task = new Copy({ outputDataset: factory.get(Small, 'out') })

    const error = await resolveJobs(task).catch((e: unknown) => e)

    expect((error as HypergolError).message).toBe(
      'Copy has no input datasets, so it must override getJobs() and sourceIterator()',
    )
  })

  test('given getJobs returning jobs without parameters, when resolved, then E_TASK_DEFINITION shows the job', async () => {
    class Bad extends Copy {
      override getJobs() {
        return [{ total: 3 }] as never
      }
    }

    const error = await resolveJobs(new Bad({ outputDataset: factory.get(Small, 'out') })).catch(
      (e: unknown) => e,
    )

    expect((error as HypergolError).message).toContain(
      'job 0 must be { parameters: {…}, total?: number }, got {"total":3}',
    )
  })
})

describe('scratch directories', () => {
  test('given a scratch directory left by a dead process, when acquired, then it is replaced', () => {
    const directory = scratchDirOf(location, 'summaries')
    mkdirSync(join(directory, 'summaries_000'), { recursive: true })
    writeFileSync(join(directory, '.owner-pid'), '999999999\n')

    acquireScratch(directory)

    expect(Array.from(new Bun.Glob('**').scanSync({ cwd: directory, dot: true }))).toEqual(['.owner-pid'])
  })

  test('given a scratch directory of a running process, when acquired, then E_TASK_BUSY says what to delete', () => {
    const directory = scratchDirOf(location, 'summaries')
    mkdirSync(directory, { recursive: true })
    writeFileSync(join(directory, '.owner-pid'), `${process.ppid}\n`)

    expectError(() => acquireScratch(directory), 'E_TASK_BUSY', `process ${process.ppid}`)
  })

  test('given the last scratch directory, when released, then temp/ goes too', () => {
    const directory = scratchDirOf(location, 'summaries')
    acquireScratch(directory)

    releaseScratch(directory)

    expect(Array.from(new Bun.Glob('*').scanSync({ cwd: location, onlyFiles: false }))).toEqual([])
  })
})
