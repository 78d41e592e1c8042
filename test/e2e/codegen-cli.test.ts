/**
 * Code generation with the compiled binary, in temp dirs with no node_modules around: `hypergol new`, then
 * data models with every member type, whose generated tests and type check pass at once through
 * `hypergol test` and `hypergol check`; plus the safety rules (no overwrite without --force, --dry-run).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { SENTENCE_MEMBERS } from '../helpers/codegen-examples.ts'

const TIMEOUT = 60_000
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Tester',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Tester',
  GIT_COMMITTER_EMAIL: 't@example.com',
}

beforeAll(() => {
  getBinary()
}, TIMEOUT)

let workspace: string
const project = () => join(workspace, 'my_first_project')
const hypergol = (args: string[], cwd = project()) => runBinary(args, { cwd, env: GIT_IDENTITY })

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hypergol-codegen-'))
})
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true })
})

describe('the README', () => {
  test(
    'given the commands of its "Projects and code generation" section, when run by bash in an empty folder, then all succeed',
    () => {
      const readme = readFileSync(join(import.meta.dir, '..', '..', 'README.md'), 'utf8')
      const section = readme.slice(
        readme.indexOf('## Projects and code generation'),
        readme.indexOf('## Command line'),
      )
      const script = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
      expect(script).toContain('hypergol new MyFirstProject')
      const bin = mkdtempSync(join(tmpdir(), 'hypergol-path-'))
      symlinkSync(getBinary(), join(bin, 'hypergol'))

      const result = Bun.spawnSync(['bash', '-euo', 'pipefail', '-c', script], {
        cwd: workspace,
        env: {
          ...process.env,
          ...GIT_IDENTITY,
          NO_COLOR: '1',
          CI: 'true',
          PATH: `${bin}:${process.env.PATH}`,
        },
        stdout: 'pipe',
        stderr: 'pipe',
      })
      rmSync(bin, { recursive: true, force: true })

      expect(result.stderr.toString()).toContain(' 8 pass')
      expect(result.exitCode).toBe(0)
      expect(existsSync(join(project(), 'pipelines', 'process-sentences.ts'))).toBe(true)
    },
    TIMEOUT,
  )
})

describe('hypergol new and create data-model', () => {
  test(
    'given a new project with data models of every member type, then hypergol test and hypergol check pass at once',
    () => {
      const created = hypergol(['new', 'MyFirstProject'], workspace)
      expect(created.exitCode).toBe(0)
      const log = Bun.spawnSync(['git', 'log', '--format=%s'], { cwd: project(), stdout: 'pipe' })
      expect(log.stdout.toString().trim()).toBe('New hypergol project')

      expect(hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float']).exitCode).toBe(0)
      expect(hypergol(['create', 'data-model', 'Sentence', ...SENTENCE_MEMBERS]).exitCode).toBe(0)
      const everything = hypergol([
        'create',
        'data-model',
        'Everything',
        'key:str:id',
        'day:date',
        'blob:object',
        'sentence:Sentence?',
        'grid:List[List[float]]',
      ])
      expect(everything.exitCode).toBe(0)

      const tests = hypergol(['test'])
      const check = hypergol(['check'])

      expect(tests.stderr).toContain(' 8 pass')
      expect(tests.stderr).toContain(' 0 fail')
      expect(tests.exitCode).toBe(0)
      expect(check.stdout + check.stderr).toContain('No type errors')
      expect(check.exitCode).toBe(0)
      expect(existsSync(join(project(), 'node_modules', 'hypergol', 'types', 'index.d.ts'))).toBe(true)
    },
    TIMEOUT,
  )

  test(
    'given the whole loop, then stubs fail loudly until filled, and once filled the pipeline runs and its datasets verify',
    () => {
      hypergol(['new', 'MyFirstProject'], workspace)
      hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float'])
      hypergol(['create', 'data-model', 'Sentence', ...SENTENCE_MEMBERS])
      hypergol(['create', 'data-model', 'TokenCount', 'sentenceId:int:id', 'count:int'])
      expect(hypergol(['create', 'task', 'ReadSentences', 'Sentence', '--source']).exitCode).toBe(0)
      expect(hypergol(['create', 'task', 'CountTokens', 'Sentence', 'TokenCount']).exitCode).toBe(0)
      expect(
        hypergol(['create', 'pipeline', 'ProcessSentences', 'ReadSentences', 'CountTokens']).exitCode,
      ).toBe(0)
      expect(hypergol(['test']).exitCode).toBe(0)
      expect(hypergol(['check']).exitCode).toBe(0)
      const git = (...args: string[]) =>
        Bun.spawnSync(['git', ...args], { cwd: project(), env: { ...process.env, ...GIT_IDENTITY } })
      git('add', '--all')
      git('commit', '--quiet', '-m', 'Stubs')

      const unfilled = hypergol(['run', 'pipelines/process-sentences.ts'])
      expect(unfilled.exitCode).toBe(5)
      expect(unfilled.stderr).toContain('not implemented: ReadSentences.sourceIterator({})')

      // The logic a user fills in: a source of 100 sentences, and a count of their tokens. Each stub line
      // holding `marker` becomes `line`, keeping its indentation.
      const fill = (file: string, marker: string, line: string) => {
        const path = join(project(), file)
        const lines = readFileSync(path, 'utf8').split('\n')
        const index = lines.findIndex((text) => text.includes(marker))
        expect(index).toBeGreaterThan(-1)
        lines[index] = `${/^\s*/.exec(lines[index] as string)?.[0]}${line}`
        writeFileSync(path, lines.join('\n'))
      }
      fill(
        'tasks/read-sentences.ts',
        "from 'hypergol'",
        "import { exampleOf, type JobParameters, type SourceJob, Task } from 'hypergol'",
      )
      fill(
        'tasks/read-sentences.ts',
        'not implemented: ReadSentences.sourceIterator',
        'for (let index = 0; index < 100; index++) yield [index]',
      )
      fill(
        'tasks/read-sentences.ts',
        'not implemented: ReadSentences.run',
        "this.output.append(new Sentence({ ...exampleOf(Sentence), sentenceId: item as number, tokens: ['a', 'b'] }))",
      )
      fill(
        'tasks/count-tokens.ts',
        'not implemented: CountTokens.run',
        'this.output.append(new TokenCount({ sentenceId: sentence.sentenceId, count: sentence.tokens.length }))',
      )
      git('add', '--all')
      git('commit', '--quiet', '-m', 'Logic')
      const branch = git('symbolic-ref', '--short', 'HEAD').stdout.toString().trim()

      const run = hypergol(['run', 'pipelines/process-sentences.ts', '--threads', '2'])
      const counts = join(project(), 'data', 'my_first_project', branch, 'token_counts')
      const verify = hypergol(['dataset', 'verify', counts])
      const cat = hypergol(['dataset', 'cat', counts, '--limit', '1'])

      expect(run.exitCode).toBe(0)
      expect(run.stderr).toContain('CountTokens: 100 objects in, 100 out')
      expect(verify.exitCode).toBe(0)
      expect(verify.stdout).toContain('16 chunks, 100 objects')
      expect(cat.stdout).toMatch(/^\{"count": 2, "sentenceId": \d+\}\n$/)
      expect(hypergol(['test']).exitCode).toBe(0)
      expect(hypergol(['check']).exitCode).toBe(0)
    },
    TIMEOUT,
  )

  test(
    'given a generated test broken by hand, then hypergol test and hypergol check fail with their output',
    () => {
      hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
      hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float'])
      const testFile = join(project(), 'tests', 'data-models', 'label.test.ts')
      writeFileSync(testFile, readFileSync(testFile, 'utf8').replace('score: 0.5', "score: 'high'"))

      const tests = hypergol(['test'])
      const check = hypergol(['check'])

      expect(tests.exitCode).toBe(1)
      expect(tests.stderr).toContain('the tests failed (exit 1) [E_TOOL_FAILED]')
      expect(check.exitCode).toBe(1)
      expect(check.stdout + check.stderr).toContain("Type 'string' is not assignable to type 'number'")
    },
    TIMEOUT,
  )

  test('given --dry-run, then the files are printed and nothing is written', () => {
    const result = hypergol(['new', 'MyFirstProject', '--dry-run'], workspace)

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`--- would write ${join(project(), 'package.json')}`)
    expect(result.stdout).toContain('"project": "my_first_project"')
    expect(readdirSync(workspace)).toEqual([])
  })

  test('given an existing project folder, then new refuses without --force and writes nothing', () => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    writeFileSync(join(project(), 'README.md'), 'mine')

    const refused = hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    const forced = hypergol(['new', 'MyFirstProject', '--no-git', '--force'], workspace)

    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain('already exists and is not empty [E_FILE_EXISTS]')
    expect(forced.exitCode).toBe(0)
    expect(readFileSync(join(project(), 'README.md'), 'utf8')).toStartWith('# MyFirstProject')
  })

  test('given an existing class, then create refuses without --force, and --force overwrites it', () => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    hypergol(['create', 'data-model', 'Label', 'name:str'])

    const refused = hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float'])
    const forced = hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float', '--force'])

    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain(
      'data class Label already exists in data-models/label.ts [E_FILE_EXISTS]',
    )
    expect(forced.exitCode).toBe(0)
    expect(readFileSync(join(project(), 'data-models', 'label.ts'), 'utf8')).toContain('score: field.float()')
  })

  test.each([
    [['Bad', 'x:Lable'], 'member "x:Lable": unknown data class "Lable" [E_INVALID_ARGUMENT]'],
    [['Bad', 'x:flot'], 'member "x:flot": unknown type "flot" [E_INVALID_ARGUMENT]'],
    [['Bad', 'x:int', 'x:str'], 'member "x:str": x is given twice [E_INVALID_ARGUMENT]'],
    [['2Bad', 'x:int'], 'class name "2Bad" is neither CamelCase nor snake_case [E_INVALID_ARGUMENT]'],
  ])('given create data-model %p, then exit 2 with one line naming the argument: %s', (args, message) => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)

    const result = hypergol(['create', 'data-model', ...args])

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toContain('    at ')
    expect(existsSync(join(project(), 'data-models', 'bad.ts'))).toBe(false)
  })

  test('given a folder outside any project, then create says how to make one', () => {
    const result = hypergol(['create', 'data-model', 'Label', 'name:str'], workspace)

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('is not inside a hypergol project [E_NOT_A_PROJECT]')
  })
})
