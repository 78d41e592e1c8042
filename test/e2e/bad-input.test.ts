/**
 * Every bad invocation gets one clear error line with its code, the right exit status and no stack trace:
 * a table of malformed command lines run against the compiled binary (unknown flags and commands, extra or
 * missing arguments, bad values, missing or wrong paths).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { FIXTURE_DATA, fixtureDir } from '../helpers/fixtures.ts'
import { GIT_IDENTITY } from '../helpers/git-identity.ts'

const TIMEOUT = 60_000
const PIPELINE = 'pipeline.ts'
const RECORDS = 'data/fixture_project/fixture_branch/records'

let work: string
beforeAll(() => {
  getBinary()
  work = mkdtempSync(join(tmpdir(), 'hypergol-bad-input-'))
  cpSync(FIXTURE_DATA, join(work, 'data'), { recursive: true })
  cpSync(fixtureDir('records'), join(work, 'not_a_chk', 'records'), { recursive: true })
  rmSync(join(work, 'not_a_chk', 'records', 'records.chk'))
  writeFileSync(
    join(work, PIPELINE),
    "import { Pipeline } from 'hypergol'\nexport default () => new Pipeline([])\n",
  )
  writeFileSync(join(work, 'not-a-pipeline.ts'), 'export default 42\n')
  writeFileSync(join(work, 'a-file'), 'not a folder\n')
  mkdirSync(join(work, 'empty'))
  expect(runBinary(['new', 'Project'], { cwd: work, env: GIT_IDENTITY }).exitCode).toBe(0)
}, TIMEOUT)
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/**
 * A malformed command line, the exit status it must give, what its error must say, and where it runs (the
 * folder with the fixtures, or a generated project). Always four items: `test.each` hands a function that
 * takes more parameters than its row has a `done` callback, and then waits for it.
 */
type Case = [args: string[], exit: number, says: string | RegExp, where: 'work' | 'project']

const CASES: Case[] = [
  // Unknown flags, with the nearest one suggested.
  [
    ['run', PIPELINE, '--rebuld'],
    2,
    /hypergol run: unknown flag --rebuld \[E_USAGE\][\s\S]*Did you mean --rebuild\?/,
    'work',
  ],
  [['run', PIPELINE, '--thread', '2'], 2, /unknown flag --thread [\s\S]*Did you mean --threads\?/, 'work'],
  [
    ['run', PIPELINE, '--only_tasks', '1'],
    2,
    /unknown flag --only_tasks [\s\S]*Did you mean --only-tasks\?/,
    'work',
  ],
  [['serve', 'x', '--frobnicate'], 2, 'hypergol serve: unknown flag --frobnicate', 'work'],
  [['serve', 'x', '--max-bach', '4'], 2, /unknown flag --max-bach [\s\S]*Did you mean --max-batch\?/, 'work'],
  [['train', 'x.ts', '--step', '3'], 2, /unknown flag --step [\s\S]*Did you mean --steps\?/, 'work'],
  [['dataset', 'list', '--jsn'], 2, /unknown flag --jsn [\s\S]*Did you mean --json\?/, 'work'],
  [['dataset', 'show', RECORDS, '--verbose'], 2, 'hypergol dataset show: unknown flag --verbose', 'work'],
  [
    ['dataset', 'cat', RECORDS, '--limt', '2'],
    2,
    /unknown flag --limt [\s\S]*Did you mean --limit\?/,
    'work',
  ],
  [['dataset', 'verify', RECORDS, '--fast'], 2, 'hypergol dataset verify: unknown flag --fast', 'work'],
  [['dataset', '--all'], 2, 'hypergol dataset: unknown flag --all', 'work'],
  [['new', 'Other', '--dryrun'], 2, /unknown flag --dryrun [\s\S]*Did you mean --dry-run\?/, 'work'],
  [
    ['create', 'data-model', 'Thing', 'x:int', '--forse'],
    2,
    /unknown flag --forse [\s\S]*Did you mean --force\?/,
    'work',
  ],
  [
    ['create', 'task', 'Count', 'Thing', '--sorce'],
    2,
    /unknown flag --sorce [\s\S]*Did you mean --source\?/,
    'work',
  ],
  [['types', '--quiet'], 2, 'hypergol types: unknown flag --quiet', 'work'],
  [['run', PIPELINE, '-x'], 2, 'hypergol run: unknown flag -x', 'work'],
  [['--frob'], 2, 'hypergol: unknown flag --frob [E_USAGE]', 'work'],
  // Flags before the command they belong to (citty would drop them silently).
  [
    ['create', '--dry-run', 'data-model', 'Thing', 'x:int'],
    2,
    /--dry-run must come after 'create data-model' \[E_USAGE\][\s\S]*hypergol create data-model <arguments> --dry-run/,
    'project',
  ],
  [['dataset', '--json', 'list', 'data'], 2, "--json must come after 'dataset list' [E_USAGE]", 'work'],
  [['--rebuild', 'run', PIPELINE], 2, "--rebuild must come after 'run' [E_USAGE]", 'work'],
  // Unknown commands.
  [['frobnicate'], 2, "unknown command 'frobnicate'", 'work'],
  [['dataset', 'lst'], 2, /unknown command 'dataset lst' [\s\S]*Did you mean 'dataset list'\?/, 'work'],
  [['creat', 'task'], 2, /unknown command 'creat' [\s\S]*Did you mean 'create'\?/, 'work'],
  [
    ['create', 'pipline', 'P'],
    2,
    /unknown command 'create pipline' [\s\S]*Did you mean 'create pipeline'\?/,
    'work',
  ],
  // Arguments missing or too many.
  [['run'], 2, 'Missing required positional argument: PIPELINE', 'work'],
  [['dataset', 'show'], 2, 'Missing required positional argument: DIR', 'work'],
  [['serve'], 2, 'Missing required positional argument: CHECKPOINT', 'work'],
  [['dataset', 'show', RECORDS, 'extra'], 2, "hypergol dataset show: unexpected argument 'extra'", 'work'],
  [['run', PIPELINE, 'other.ts'], 2, "hypergol run: unexpected argument 'other.ts'", 'work'],
  // Bad values.
  [['run', PIPELINE, '--threads', '0'], 2, '--threads must be at least 1, got 0', 'work'],
  [['run', PIPELINE, '--threads', 'many'], 2, '--threads expects a whole number ≥ 0, got "many"', 'work'],
  [
    ['run', PIPELINE, '--only-tasks', 'first'],
    2,
    '--only-tasks expects a whole number ≥ 0, got "first"',
    'work',
  ],
  [['run', PIPELINE, '--only-tasks', '3'], 2, '--only-tasks 3: the pipeline has no tasks', 'work'],
  [
    ['run', PIPELINE, '--job-timeout', '0'],
    2,
    '--job-timeout expects a number of seconds > 0, got "0"',
    'work',
  ],
  [
    ['run', PIPELINE, '--job-timeout', '-5'],
    2,
    '--job-timeout expects a number of seconds > 0, got "-5"',
    'work',
  ],
  [
    ['run', PIPELINE, '--data-dir', 's3://bucket/data'],
    2,
    '--data-dir s3://bucket/data: hypergol run does not take a bucket yet',
    'work',
  ],
  [
    ['dataset', 'copy', RECORDS, 's3://only-a-bucket'],
    2,
    "s3://only-a-bucket: name the dataset's folder in the bucket",
    'work',
  ],
  [['dataset', 'cat', RECORDS, '--limit', 'all'], 2, '--limit expects a whole number ≥ 0, got "all"', 'work'],
  [['serve', 'x', '--port', '70000'], 2, '--port must be at most 65535, got 70000', 'work'],
  [['serve', 'x', '--max-wait-ms', '5'], 2, '--max-wait-ms needs --max-batch', 'work'],
  [['train', 'x.ts', '--steps', '0'], 2, '--steps must be at least 1, got 0', 'work'],
  // Missing and wrong paths.
  [['run', 'missing.ts'], 2, /missing\.ts.*\[E_PIPELINE_LOAD\]/, 'work'],
  [['run', 'not-a-pipeline.ts'], 2, /the default export must be a Pipeline.*\[E_PIPELINE_LOAD\]/, 'work'],
  [
    ['dataset', 'show', 'nowhere'],
    3,
    'no dataset at nowhere (nowhere.def not found) [E_DATASET_NOT_FOUND]',
    'work',
  ],
  [
    ['dataset', 'cat', 'a-file'],
    3,
    'cannot read a-file/a-file.def: not a directory (ENOTDIR) [E_IO]',
    'work',
  ],
  [
    ['dataset', 'list', 'nowhere'],
    3,
    'cannot list nowhere: no such file or directory (ENOENT) [E_IO]',
    'work',
  ],
  [['dataset', 'list', 'a-file'], 3, 'cannot list a-file: not a directory (ENOTDIR) [E_IO]', 'work'],
  [['dataset', 'show', 'data'], 3, 'data is not a dataset but a folder holding 4 dataset(s)', 'work'],
  [['dataset', 'verify', 'data'], 1, 'data is not a dataset but a folder holding 4 dataset(s)', 'work'],
  [
    ['dataset', 'cat', 'not_a_chk/records'],
    3,
    /records\.chk is missing \[E_DATASET_INCOMPLETE\][\s\S]*--allow-incomplete/,
    'work',
  ],
  [
    ['dataset', 'verify', 'not_a_chk/records'],
    1,
    /records\.chk is missing \[E_DATASET_INCOMPLETE\][\s\S]*nothing to verify against/,
    'work',
  ],
  [['run', PIPELINE, '--data-dir', 'a-file'], 0, '', 'work'],
  [['train', 'missing.ts'], 2, /missing\.ts.*\[E_MODEL_DEFINITION\]/, 'work'],
  [['serve', 'empty'], 4, 'empty is not a checkpoint (no signature.json) [E_CHECKPOINT_INVALID]', 'work'],
  // Generators given bad names and types.
  [['create', 'data-model', '9Lives', 'x:int'], 2, '9Lives', 'project'],
  [['create', 'data-model', 'Thing', 'x:integer'], 2, 'integer', 'project'],
  [['create', 'data-model', 'Thing', 'x:int', 'x:str'], 2, /x.*more than once|repeated|twice/, 'project'],
  [['create', 'task', 'Count', 'Nothing'], 2, 'Nothing', 'project'],
  [['create', 'data-model', 'Thing', 'x:int'], 2, '[E_NOT_A_PROJECT]', 'work'],
]

describe('bad input', () => {
  test.each(CASES)(
    'given hypergol %j, then exit %i with one error line and no stack trace',
    (args, exit, says, where) => {
      const result = runBinary(args, {
        cwd: where === 'project' ? join(work, 'project') : work,
        env: GIT_IDENTITY,
      })

      const errors = result.stderr.split('\n').filter((line) => line.startsWith('[error]'))
      expect({ exit: result.exitCode, stderr: result.stderr }).toEqual({ exit, stderr: expect.anything() })
      if (exit === 0) return
      expect(errors.length).toBeGreaterThanOrEqual(1)
      expect(errors.filter((line) => !line.includes('failed verification'))).toHaveLength(1)
      if (typeof says === 'string') expect(result.stderr).toContain(says)
      else expect(result.stderr).toMatch(says)
      expect(result.stderr).not.toMatch(/^\s+at /m)
      expect(result.stderr).not.toContain('This is a bug in hypergol')
    },
    TIMEOUT,
  )

  test('the table holds at least 40 malformed invocations', () => {
    expect(CASES.filter(([, exit]) => exit !== 0).length).toBeGreaterThanOrEqual(40)
  })
})

describe('help', () => {
  test.each([
    'run',
    'train',
    'serve',
    'new',
    'types',
    'dataset list',
    'dataset show',
    'dataset cat',
    'dataset verify',
    'create data-model',
    'create task',
    'create pipeline',
    'create model-block',
    'create model',
  ])(
    'given hypergol %s --help, then every flag is shown in kebab-case, as the README spells them',
    (command) => {
      const result = runBinary([...command.split(' '), '--help'], { cwd: work })

      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain('USAGE')
      expect(result.stdout).not.toMatch(/--[a-z]+[A-Z]/)
      expect(result.stdout).not.toContain(String.fromCharCode(27))
    },
  )

  test('given hypergol run --help, then --only-tasks, --job-timeout and --no-verify are listed', () => {
    const result = runBinary(['run', '--help'], { cwd: work })

    for (const flag of ['--only-tasks', '--job-timeout', '--allow-dirty', '--keep-going', '--no-verify'])
      expect(result.stdout).toContain(flag)
  })
})
