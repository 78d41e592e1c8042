/**
 * `hypergol run` with the compiled binary, from temp dirs with no node_modules: the user's TypeScript is
 * loaded from disk and `import … from 'hypergol'` resolves to the binary, in the main thread and in Workers.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RecordSummary } from '../../examples/record-summaries/data-models/record-summary.ts'
import { Dataset } from '../../src/index.ts'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { fixtureDir } from '../helpers/fixtures.ts'
import { REPORT_SIZE, reportObjects } from '../helpers/pipelines/test-tasks.ts'
import { TEST_REPO_INFO } from '../helpers/repo-info.ts'

const ROOT = join(import.meta.dir, '..', '..')
const TIMEOUT = 60_000
const PIPELINE = 'examples/record-summaries/pipelines/record-summaries.ts'

beforeAll(() => {
  getBinary()
}, TIMEOUT)

let project: string
const branchDir = () => join(project, 'data', 'fixture_project', 'fixture_branch')
beforeEach(() => {
  // The project keeps the repository's relative layout, so the test pipelines' imports of the example resolve.
  project = mkdtempSync(join(tmpdir(), 'hypergol-run-'))
  cpSync(join(ROOT, 'examples', 'record-summaries'), join(project, 'examples', 'record-summaries'), {
    recursive: true,
  })
  cpSync(join(ROOT, 'test', 'helpers', 'pipelines'), join(project, 'test', 'helpers', 'pipelines'), {
    recursive: true,
  })
  mkdirSync(branchDir(), { recursive: true })
  cpSync(fixtureDir('records'), join(branchDir(), 'records'), { recursive: true })
})
afterEach(() => {
  rmSync(project, { recursive: true, force: true })
})

const chunkEntries = (directory: string, name: string): { [file: string]: string } => {
  const chk = JSON.parse(readFileSync(join(directory, `${name}.chk`), 'utf8')) as { [file: string]: string }
  return Object.fromEntries(Object.entries(chk).filter(([file]) => !file.endsWith('.def')))
}

const git = (...args: string[]) => {
  const result = Bun.spawnSync(['git', '-c', 'user.name=Tester', '-c', 'user.email=t@example.com', ...args], {
    cwd: project,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString()}`)
  return result.stdout.toString().trim()
}

describe('hypergol run', () => {
  test(
    "given the README's hypergol run command, when run in a project with the fixture records, then it succeeds",
    () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
      const commands = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
        .flatMap((match) => (match[1] as string).split('\n'))
        .filter((line) => line.startsWith('hypergol run '))

      expect(commands.length).toBeGreaterThan(0)
      for (const command of commands) {
        const result = runBinary(command.split(/\s+/).slice(1), { cwd: project })
        expect(result.exitCode).toBe(0)
        expect(result.stderr).toContain('ProbeLoadedChunk: 1000 objects in, 1000 out')
      }
    },
    TIMEOUT,
  )

  test.each(['1', '2'])(
    'given the record-summaries example and --threads %s, when run, then both outputs verify and match the fixtures chunk for chunk',
    (threads) => {
      const result = runBinary(['run', PIPELINE, '--threads', threads], { cwd: project })

      expect(result.stderr).toContain('SummariseRecords: 1000 objects in, 2000 out, 16 jobs')
      expect(result.exitCode).toBe(0)
      for (const name of ['record_summaries', 'loaded_chunk_probe'] as const) {
        expect(chunkEntries(join(branchDir(), name), name)).toEqual(chunkEntries(fixtureDir(name), name))
        const verify = runBinary(['dataset', 'verify', join(branchDir(), name)], { cwd: project })
        expect(verify.exitCode).toBe(0)
      }
    },
    TIMEOUT,
  )

  test(
    'given --timings, when a run builds and a second finds everything up to date, then each prints its phases and a total that covers them',
    () => {
      const phasesOf = (stderr: string): Map<string, number> =>
        new Map(
          [...stderr.matchAll(/^ {2}(\S.*?) +(\d+\.\d) ms$/gm)].map((match) => [
            match[1] as string,
            Number(match[2]),
          ]),
        )

      const built = runBinary(['run', PIPELINE, '--timings'], { cwd: project })
      const upToDate = runBinary(['run', PIPELINE, '--timings'], { cwd: project })

      expect(built.exitCode).toBe(0)
      expect(built.stderr).toContain('timings (wall clock, ms):')
      const buildPhases = phasesOf(built.stderr)
      for (const phase of [
        'process start',
        'git',
        'import pipeline',
        'workers start',
        'jobs',
        'merge',
        'fsync',
        'publish',
      ])
        expect(buildPhases.get(phase)).toBeGreaterThan(0)
      const total = buildPhases.get('total') as number
      expect(total).toBeGreaterThanOrEqual(
        (buildPhases.get('process start') as number) + (buildPhases.get('jobs') as number),
      )
      expect(upToDate.exitCode).toBe(0)
      expect(upToDate.stderr).toContain('is up to date, skipped')
      const skipPhases = phasesOf(upToDate.stderr)
      expect(skipPhases.get('process start')).toBeGreaterThan(0)
      expect(skipPhases.has('jobs')).toBe(false)
      expect(skipPhases.has('fsync')).toBe(false)
    },
    TIMEOUT,
  )

  test.each([
    ['edited', (def: string) => def.replace('"records"', '"recordz"')],
    ['truncated', (def: string) => def.slice(0, 20)],
  ] as const)(
    'given an output whose .def was %s, when run with --rebuild, then it is rebuilt (not inspected) and verifies',
    (_, damage) => {
      expect(runBinary(['run', PIPELINE, '--only-tasks', '0'], { cwd: project }).exitCode).toBe(0)
      const defPath = join(branchDir(), 'record_summaries', 'record_summaries.def')
      writeFileSync(defPath, damage(readFileSync(defPath, 'utf8')))
      expect(
        runBinary(['dataset', 'verify', join(branchDir(), 'record_summaries')], { cwd: project }).exitCode,
      ).not.toBe(0)

      const rebuilt = runBinary(['run', PIPELINE, '--only-tasks', '0', '--rebuild'], { cwd: project })
      const verify = runBinary(['dataset', 'verify', join(branchDir(), 'record_summaries')], { cwd: project })

      expect(rebuilt.stderr).toContain('SummariseRecords: 1000 objects in, 2000 out')
      expect(rebuilt.exitCode).toBe(0)
      expect(verify.exitCode).toBe(0)
    },
    TIMEOUT,
  )

  test(
    'given a git repository with uncommitted changes, when run, then refused with exit 6 until --allow-dirty, and the .def records HEAD',
    () => {
      writeFileSync(join(project, '.gitignore'), 'data/\n')
      git('init', '-q')
      git('add', '.')
      git('commit', '-q', '-m', 'example')
      const head = git('rev-parse', 'HEAD')
      writeFileSync(join(project, PIPELINE), `${readFileSync(join(project, PIPELINE), 'utf8')}\n// edited\n`)

      const refused = runBinary(['run', PIPELINE], { cwd: project })
      const allowed = runBinary(['run', PIPELINE, '--allow-dirty', '--only-tasks', '0'], { cwd: project })

      expect(refused.exitCode).toBe(6)
      expect(refused.stderr).toContain(
        'uncommitted changes (examples/record-summaries/pipelines/record-summaries.ts)',
      )
      expect(refused.stderr).toContain('--allow-dirty')
      expect(allowed.exitCode).toBe(0)
      const def = JSON.parse(
        readFileSync(join(branchDir(), 'record_summaries', 'record_summaries.def'), 'utf8'),
      )
      expect(def.repo.commitHash).toBe(head)
      expect(def.hypergolTask.className).toBe('SummariseRecords')
    },
    TIMEOUT,
  )

  test.each(['1', '2'])(
    'given Workers sent their next job ahead, when a task whose init yields runs on %s Worker(s), then no Worker ever runs two jobs at once and the output equals the fixture',
    (threads) => {
      writeFileSync(
        join(project, 'data', 'test-pipeline.json'),
        JSON.stringify({ mode: 'one-job-at-a-time' }),
      )

      const result = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts', '--threads', threads], {
        cwd: project,
      })

      expect(result.stderr).toContain('OneJobAtATime: 1000 objects in, 2000 out, 16 jobs')
      expect(result.exitCode).toBe(0)
      expect(chunkEntries(join(branchDir(), 'record_summaries'), 'record_summaries')).toEqual(
        chunkEntries(fixtureDir('record_summaries'), 'record_summaries'),
      )
    },
    TIMEOUT,
  )

  test(
    'given a task whose run throws, when run, then exit 5 with one line naming task, job, object and cause, and no stack trace',
    () => {
      writeFileSync(
        join(project, 'data', 'test-pipeline.json'),
        JSON.stringify({ mode: 'failing', failIds: [42] }),
      )

      const result = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts'], { cwd: project })

      expect(result.exitCode).toBe(5)
      expect(result.stderr).toMatch(
        /task FailingSummaries failed in job \d+ at input object \d+ \(Record with hash id "42"\): cannot summarise 42 \[E_TASK_FAILED\]/,
      )
      expect(result.stderr).not.toContain('    at ')
    },
    TIMEOUT,
  )

  test.each(['looping', 'awaiting'])(
    'given a job %s forever, when run with --job-timeout 1, then exit 5 naming task and job, and nothing is published or left behind',
    (mode) => {
      writeFileSync(join(project, 'data', 'test-pipeline.json'), JSON.stringify({ mode }))

      const result = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts', '--job-timeout', '1'], {
        cwd: project,
      })

      expect(result.exitCode).toBe(5)
      expect(result.stderr).toMatch(
        /task HangingTask, job \d+ did not finish within 1 s \(--job-timeout\) \[E_JOB_TIMEOUT\]/,
      )
      expect(existsSync(join(branchDir(), 'record_summaries'))).toBe(false)
      expect(existsSync(join(project, 'data', 'temp'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given task code that leaves a rejected promise nobody awaits, when run, then exit 5 with one line naming the file and line, and nothing is published',
    () => {
      writeFileSync(join(project, 'data', 'test-pipeline.json'), JSON.stringify({ mode: 'rejecting' }))

      const result = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts'], { cwd: project })
      const debug = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts', '--debug'], { cwd: project })

      expect(result.exitCode).toBe(5)
      expect(result.stderr).toMatch(
        /task RejectingTask, job \d+: unhandled promise rejection at test\/helpers\/pipelines\/test-tasks\.ts:\d+: nobody awaited this \[E_TASK_FAILED\]/,
      )
      expect(result.stderr).not.toMatch(/^\s+at /m)
      expect(debug.stderr).toMatch(/^\s+at /m)
      expect(existsSync(join(branchDir(), 'record_summaries'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given a pipeline module that leaves a rejected promise in the main thread, when run, then exit 5 with one line naming the file and line',
    () => {
      writeFileSync(
        join(project, 'lost.ts'),
        "import { Pipeline } from 'hypergol'\nconst later = async () => {\n  throw new Error('lost at the top')\n}\nvoid later()\nexport default () => new Pipeline([])\n",
      )

      const result = runBinary(['run', 'lost.ts'], { cwd: project })

      expect(result.exitCode).toBe(5)
      expect(result.stderr).toContain(
        'unhandled promise rejection at lost.ts:3: lost at the top [E_TASK_FAILED]',
      )
      expect(result.stderr).not.toMatch(/^\s+at /m)
    },
    TIMEOUT,
  )

  test(
    'given a rejected promise of user code, when run with --debug, then its trace is printed once, without the trace of the report',
    () => {
      writeFileSync(
        join(project, 'lost.ts'),
        "import { Pipeline } from 'hypergol'\nconst later = async () => {\n  throw new Error('lost at the top')\n}\nvoid later()\nexport default () => new Pipeline([])\n",
      )

      const result = runBinary(['run', 'lost.ts', '--debug'], { cwd: project })

      expect(result.exitCode).toBe(5)
      expect(result.stderr.match(/^\s+at .*lost\.ts:3:/gm)).toHaveLength(1)
      expect(result.stderr).not.toContain('HypergolError: unhandled promise rejection')
    },
    TIMEOUT,
  )

  test.each([[[]], [['--debug']]])(
    'given a rejection whose trace holds no frame of user code, when run with %j, then exit 1 reporting a hypergol bug in one line, and its trace once',
    (flags) => {
      writeFileSync(
        join(project, 'internal.ts'),
        [
          "import { Pipeline } from 'hypergol'",
          "const error = new TypeError('undefined is not an object')",
          "error.stack = 'TypeError: undefined is not an object\\n    at resolveThing (/$bunfs/root/hypergol:12:34)'",
          'void Promise.reject(error)',
          'export default () => new Pipeline([])',
          '',
        ].join('\n'),
      )

      const result = runBinary(['run', 'internal.ts', ...flags], { cwd: project })

      expect(result.exitCode).toBe(1)
      const errors = result.stderr.split('\n').filter((line) => line.startsWith('[error]'))
      expect(errors[0]).toContain('This is a bug in hypergol')
      expect(errors[0]).toContain('undefined is not an object')
      expect(result.stderr.match(/at resolveThing \(\/\$bunfs\/root\/hypergol:12:34\)/g)).toHaveLength(1)
      expect(result.stderr).not.toContain('[E_TASK_FAILED]')
    },
    TIMEOUT,
  )

  test(
    'given the staging folder of an interrupted write of an output, when run, then refused before anything runs naming --rebuild and the rm, and --rebuild removes it',
    () => {
      const leftover = join(branchDir(), '.record_summaries.writing-999999')
      mkdirSync(leftover, { recursive: true })

      const refused = runBinary(['run', PIPELINE, '--only-tasks', '0'], { cwd: project })
      const rebuilt = runBinary(['run', PIPELINE, '--only-tasks', '0', '--rebuild'], { cwd: project })

      expect(refused.exitCode).toBe(3)
      expect(refused.stderr).toContain(`left ${leftover} [E_DATASET_STALE_WRITE]`)
      expect(refused.stderr).toContain(
        `Rerun with --rebuild, which removes it, or delete it: rm -rf '${leftover}'`,
      )
      expect(refused.stderr).not.toContain('--force')
      expect(rebuilt.exitCode).toBe(0)
      expect(existsSync(leftover)).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'given task code that calls process.exit, when run, then exit 5 with E_WORKER_DIED and no output',
    () => {
      writeFileSync(join(project, 'data', 'test-pipeline.json'), JSON.stringify({ mode: 'exiting' }))

      const result = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts'], { cwd: project })

      expect(result.exitCode).toBe(5)
      expect(result.stderr).toContain('a Worker exited (code 3) [E_WORKER_DIED]')
    },
    TIMEOUT,
  )

  test(
    'given a run interrupted by Ctrl-C while its jobs run, then it ends by SIGINT (status 130 in a shell), leaving no scratch space and no output',
    async () => {
      writeFileSync(join(project, 'data', 'test-pipeline.json'), JSON.stringify({ mode: 'slow' }))
      const scratch = join(project, 'data', 'temp', 'record_summaries_temp')
      const child = Bun.spawn([getBinary(), 'run', 'test/helpers/pipelines/test-pipeline.ts'], {
        cwd: project,
        env: { ...process.env, NO_COLOR: '1', CI: 'true' },
        stdout: 'ignore',
        stderr: 'pipe',
      })
      // Interrupt once a job has written its parts file, so Workers are busy writing to the scratch space.
      const deadline = performance.now() + 20_000
      while (!existsSync(scratch) || !readdirSync(scratch).some((file) => file.endsWith('.parts'))) {
        if (performance.now() > deadline) throw new Error('the run never started a job')
        await Bun.sleep(10)
      }
      child.kill('SIGINT')
      const exitCode = await child.exited
      const stderr = await new Response(child.stderr).text()

      expect(child.signalCode ?? exitCode).toBe('SIGINT')
      expect(stderr).toContain('interrupted (SIGINT): the task in progress published nothing')
      expect(existsSync(join(project, 'data', 'temp'))).toBe(false)
      expect(existsSync(join(branchDir(), 'record_summaries'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    "given a task whose finishTask writes a large dataset in the main thread, when run, then the binary's gzip Worker writes chunks equal to an in-process write's",
    async () => {
      writeFileSync(join(project, 'data', 'test-pipeline.json'), JSON.stringify({ mode: 'report' }))
      const expected = new Dataset(RecordSummary, {
        location: join(project, 'expected'),
        project: 'p',
        branch: 'b',
        name: 'report',
        repoInfo: TEST_REPO_INFO,
      })
      await expected.writeAll(reportObjects(REPORT_SIZE))

      const result = runBinary(['run', 'test/helpers/pipelines/test-pipeline.ts'], { cwd: project })
      const verify = runBinary(['dataset', 'verify', join(branchDir(), 'report')], { cwd: project })

      expect(result.exitCode).toBe(0)
      expect(verify.exitCode).toBe(0)
      expect(verify.stdout + verify.stderr).toContain(`${REPORT_SIZE}`)
      expect(chunkEntries(join(branchDir(), 'report'), 'report')).toEqual(
        chunkEntries(expected.directory, 'report'),
      )
    },
    TIMEOUT,
  )

  test(
    "given a pipeline importing its project's node_modules package and a tsconfig paths alias, when run, then both resolve",
    () => {
      mkdirSync(join(project, 'node_modules', 'kind-name'), { recursive: true })
      writeFileSync(
        join(project, 'node_modules', 'kind-name', 'package.json'),
        JSON.stringify({ name: 'kind-name', version: '1.0.0', type: 'module', main: 'index.js' }),
      )
      writeFileSync(
        join(project, 'node_modules', 'kind-name', 'index.js'),
        "export const kindName = () => 'fromPackage'\n",
      )
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            baseUrl: '.',
            paths: { '@models/*': ['examples/record-summaries/data-models/*'] },
          },
        }),
      )
      mkdirSync(join(project, 'pipelines'))
      writeFileSync(
        join(project, 'pipelines', 'aliased.ts'),
        `import { DatasetFactory, Pipeline, type RunContext, Task } from 'hypergol'
import { kindName } from 'kind-name'
import { Record } from '@models/record.ts'
import { RecordSummary } from '@models/record-summary.ts'

class Kinds extends Task<RecordSummary> {
  run(record: Record): void {
    this.output.append(
      new RecordSummary({ recordId: record.recordId, kind: kindName(), total: 0, labelCount: 0, createdAt: record.createdAt }),
    )
  }
}

export default (context: RunContext) => {
  const factory = new DatasetFactory({ location: context.dataDir, project: 'fixture_project', branch: 'fixture_branch' })
  return new Pipeline([
    new Kinds({ inputDatasets: [factory.get(Record, 'records')], outputDataset: factory.get(RecordSummary, 'kinds') }),
  ])
}
`,
      )

      const result = runBinary(['run', 'pipelines/aliased.ts', '--threads', '2'], { cwd: project })
      const cat = runBinary(['dataset', 'cat', join(branchDir(), 'kinds'), '--limit', '1'], { cwd: project })

      expect(result.stderr).toContain('Kinds: 1000 objects in, 1000 out')
      expect(result.exitCode).toBe(0)
      expect(cat.stdout).toContain('"kind": "fromPackage"')
    },
    TIMEOUT,
  )

  test(
    "given a pipeline whose task uses @tensorflow/tfjs, when run with no node_modules, then tfjs resolves to the binary's own, on the WASM backend, in every Worker",
    () => {
      mkdirSync(join(project, 'pipelines'))
      writeFileSync(
        join(project, 'pipelines', 'tensors.ts'),
        `import * as tf from '@tensorflow/tfjs'
import { DatasetFactory, Pipeline, type RunContext, Task } from 'hypergol'
import { Record } from '../examples/record-summaries/data-models/record.ts'
import { RecordSummary } from '../examples/record-summaries/data-models/record-summary.ts'

class TensorTotals extends Task<RecordSummary> {
  run(record: Record): void {
    const total = tf.tidy(() => tf.tensor1d([record.recordId, 1]).sum().arraySync() as number)
    this.output.append(
      new RecordSummary({ recordId: record.recordId, kind: tf.getBackend() + ' ' + tf.version.tfjs, total, labelCount: 0, createdAt: record.createdAt }),
    )
  }
}

export default (context: RunContext) => {
  const factory = new DatasetFactory({ location: context.dataDir, project: 'fixture_project', branch: 'fixture_branch' })
  return new Pipeline([
    new TensorTotals({ inputDatasets: [factory.get(Record, 'records')], outputDataset: factory.get(RecordSummary, 'tensor_totals') }),
  ])
}
`,
      )

      const result = runBinary(['run', 'pipelines/tensors.ts', '--threads', '2'], { cwd: project })
      const cat = runBinary(['dataset', 'cat', join(branchDir(), 'tensor_totals')], { cwd: project })

      expect(result.stderr).toContain('TensorTotals: 1000 objects in, 1000 out')
      expect(result.stderr).not.toContain('TensorFlow.js in Node.js')
      expect(result.exitCode).toBe(0)
      const summaries = cat.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { recordId: number; kind: string; total: number })
      expect(summaries).toHaveLength(1000)
      for (const summary of summaries) {
        expect(summary.kind).toBe('wasm 4.22.0')
        expect(summary.total).toBe(summary.recordId + 1)
      }
    },
    TIMEOUT,
  )
})
