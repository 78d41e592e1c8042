/**
 * Lineage records the code that ran, with the compiled binary on a generated project: uncommitted code
 * (untracked files included) is refused or recorded, a changed helper makes an output stale by itself, a
 * `--keep-going` output is recorded as partial and rebuilt, and a dataset on another branch is named.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { commitAllIn, GIT_IDENTITY, gitIn } from '../helpers/git-identity.ts'

const TIMEOUT = 60_000
const PIPELINE = 'pipelines/count-sentences.ts'

beforeAll(() => {
  getBinary()
}, TIMEOUT)

let workspace: string
const project = () => join(workspace, 'lineage_project')
const hypergol = (...args: string[]) => runBinary(args, { cwd: project(), env: GIT_IDENTITY })
const git = (...args: string[]) => gitIn(project(), ...args)
const commitAll = (message: string) => commitAllIn(project(), message)
const write = (file: string, text: string) => writeFileSync(join(project(), file), text)
const dataset = (name: string) =>
  join(project(), 'data', 'lineage_project', git('branch', '--show-current'), name)
const defOf = (name: string) => JSON.parse(readFileSync(join(dataset(name), `${name}.def`), 'utf8'))

/** The helper CountTokens calls: how many tokens a sentence has, failing on the ids in `failing`. */
const writeHelper = (offset: number, failing: number[] = []) =>
  write(
    'tasks/count-of.ts',
    `export const countOf = (id: number, tokens: string[]): number => {
  if (${JSON.stringify(failing)}.includes(id)) throw new Error(\`cannot count sentence \${id}\`)
  return tokens.length + ${offset}
}
`,
  )

/** A generated project with two filled tasks (a source of 100 sentences, a count of their tokens), not committed. */
const createProject = () => {
  expect(runBinary(['new', 'LineageProject'], { cwd: workspace, env: GIT_IDENTITY }).exitCode).toBe(0)
  expect(hypergol('create', 'data-model', 'Sentence', 'sentenceId:int:id', 'tokens:List[str]').exitCode).toBe(
    0,
  )
  expect(hypergol('create', 'data-model', 'TokenCount', 'sentenceId:int:id', 'count:int').exitCode).toBe(0)
  write(
    'tasks/read-sentences.ts',
    `import { type SourceJob, Task } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'

export class ReadSentences extends Task<Sentence> {
  override getJobs(): SourceJob[] {
    return [{ parameters: {} }]
  }
  override *sourceIterator() {
    for (let id = 0; id < 100; id++) yield [id]
  }
  run(id: number): void {
    this.output.append(new Sentence({ sentenceId: id, tokens: ['a', 'b'] }))
  }
}
`,
  )
  write(
    'tasks/count-tokens.ts',
    `import { Task } from 'hypergol'
import type { Sentence } from '../data-models/sentence.ts'
import { TokenCount } from '../data-models/token-count.ts'
import { countOf } from './count-of.ts'
import type { Count } from './count-type.ts'

export class CountTokens extends Task<TokenCount> {
  run(sentence: Sentence): void {
    const count: Count = countOf(sentence.sentenceId, sentence.tokens)
    this.output.append(new TokenCount({ sentenceId: sentence.sentenceId, count }))
  }
}
`,
  )
  writeHelper(0)
  write('tasks/count-type.ts', 'export type Count = number\n')
  expect(hypergol('create', 'pipeline', 'CountSentences', 'ReadSentences', 'CountTokens').exitCode).toBe(0)
}

const countsOf = (): number[] =>
  hypergol('dataset', 'cat', dataset('token_counts'))
    .stdout.split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line).count)

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hypergol-lineage-'))
  createProject()
})
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true })
})

describe('uncommitted code', () => {
  test(
    "given a new project's first run with its code not committed yet, then refused naming the untracked files; with --allow-dirty, the .def and dataset show record them",
    () => {
      const refused = hypergol('run', PIPELINE)
      const allowed = hypergol('run', PIPELINE, '--allow-dirty')
      const show = hypergol('dataset', 'show', dataset('token_counts'))

      expect(refused.exitCode).toBe(6)
      expect(refused.stderr).toContain(
        'uncommitted changes (data-models/sentence.ts, data-models/token-count.ts',
      )
      expect(refused.stderr).toContain('[E_REPO_DIRTY]')
      expect(refused.stderr).toContain('--allow-dirty')
      expect(allowed.exitCode).toBe(0)
      const recorded = defOf('token_counts').hypergolUncommitted
      expect(recorded.paths).toContain('tasks/count-of.ts')
      expect(recorded.contentSha1).toMatch(/^[0-9a-f]{40}$/)
      expect(show.stdout).toMatch(
        /uncommitted +written from \d+ path\(s\) not in the commit: data-models\/sentence\.ts/,
      )
      expect(show.stdout).toMatch(/sentences \(Sentence, [0-9a-f]{40}, uncommitted\)/)
    },
    TIMEOUT,
  )

  test(
    'given committed code, when run, then nothing uncommitted is recorded and the .def names HEAD',
    () => {
      commitAll('Count sentences')

      const run = hypergol('run', PIPELINE)

      expect(run.exitCode).toBe(0)
      expect(defOf('token_counts').hypergolUncommitted).toBeUndefined()
      expect(defOf('token_counts').repo.commitHash).toBe(git('rev-parse', 'HEAD'))
    },
    TIMEOUT,
  )
})

describe('a data directory inside the repository', () => {
  test(
    'given --data-dir a folder .gitignore does not cover, when run twice, then its datasets are no uncommitted change: the second run finds the output up to date',
    () => {
      commitAll('Count sentences')

      const first = hypergol('run', PIPELINE, '--data-dir', 'results')
      const second = hypergol('run', PIPELINE, '--data-dir', 'results')

      expect(first.exitCode).toBe(0)
      expect(second.stderr).not.toContain('[E_REPO_DIRTY]')
      expect(second.exitCode).toBe(0)
      expect(second.stderr).toContain('CountTokens: token_counts is up to date, skipped')
      const def = JSON.parse(
        readFileSync(
          join(
            project(),
            'results',
            'lineage_project',
            git('branch', '--show-current'),
            'token_counts',
            'token_counts.def',
          ),
          'utf8',
        ),
      )
      expect(def.hypergolUncommitted).toBeUndefined()
    },
    TIMEOUT,
  )
})

describe('changed helpers', () => {
  test(
    'given a helper the task imports changed and committed, when run, then its output is stale naming the file, and --rebuild rebuilds it',
    () => {
      commitAll('Count sentences')
      expect(hypergol('run', PIPELINE).exitCode).toBe(0)
      expect(countsOf().every((count) => count === 2)).toBe(true)
      writeHelper(10)
      commitAll('Count differently')

      const stale = hypergol('run', PIPELINE)
      const rebuilt = hypergol('run', PIPELINE, '--rebuild', '--only-tasks', '1')
      const again = hypergol('run', PIPELINE)

      expect(stale.exitCode).toBe(3)
      expect(stale.stderr).toContain('code it imports changed (../tasks/count-of.ts) [E_OUTPUT_STALE]')
      expect(stale.stderr).toContain('--rebuild')
      expect(rebuilt.exitCode).toBe(0)
      expect(countsOf().every((count) => count === 12)).toBe(true)
      expect(again.exitCode).toBe(0)
      expect(again.stderr).toContain('CountTokens: token_counts is up to date, skipped')
    },
    TIMEOUT,
  )

  test(
    'given a file the task imports only for its types changed and committed, when run, then its output is stale naming that file',
    () => {
      commitAll('Count sentences')
      expect(hypergol('run', PIPELINE).exitCode).toBe(0)
      write('tasks/count-type.ts', '/** Tokens in a sentence. */\nexport type Count = number\n')
      commitAll('Document the count')

      const stale = hypergol('run', PIPELINE)

      expect(stale.exitCode).toBe(3)
      expect(stale.stderr).toContain('code it imports changed (../tasks/count-type.ts) [E_OUTPUT_STALE]')
    },
    TIMEOUT,
  )

  test(
    'given an up-to-date output, when run with --rebuild, then the selected task runs again',
    () => {
      commitAll('Count sentences')
      expect(hypergol('run', PIPELINE).exitCode).toBe(0)
      const before = defOf('token_counts').creationTime

      const rebuilt = hypergol('run', PIPELINE, '--rebuild', '--only-tasks', '1')

      expect(rebuilt.exitCode).toBe(0)
      expect(rebuilt.stderr).toContain('CountTokens: 100 objects in, 100 out')
      expect(defOf('token_counts').creationTime).not.toBe(before)
    },
    TIMEOUT,
  )
})

describe('--keep-going', () => {
  test(
    'given a task failing on one object, when run with --keep-going, then the output records it as partial, show and verify say so, and a plain run treats it as stale until rebuilt',
    () => {
      writeHelper(0, [7])
      commitAll('Count sentences, failing on 7')

      const failed = hypergol('run', PIPELINE)
      const partial = hypergol('run', PIPELINE, '--keep-going')
      const recorded = defOf('token_counts').hypergolPartial
      const show = hypergol('dataset', 'show', dataset('token_counts'))
      const verify = hypergol('dataset', 'verify', dataset('token_counts'))
      const plain = hypergol('run', PIPELINE)
      writeHelper(0)
      commitAll('Count every sentence')
      const rebuilt = hypergol('run', PIPELINE, '--rebuild', '--only-tasks', '1')

      expect(failed.exitCode).toBe(5)
      expect(partial.exitCode).toBe(0)
      expect(recorded.failedObjects).toBe(1)
      expect(recorded.firstFailures[0].message).toBe('cannot count sentence 7')
      expect(show.stdout).toMatch(
        /partial +1 input object\(s\) failed and have no output \(--keep-going\); first: job \d+, object \d+ \(Sentence with hash id "7"\): cannot count sentence 7/,
      )
      expect(verify.exitCode).toBe(0)
      expect(verify.stdout).toContain('99 objects')
      expect(verify.stdout).toContain('PARTIAL: 1 input object(s) failed')
      expect(plain.exitCode).toBe(3)
      expect(plain.stderr).toContain('it is partial: 1 input object(s) failed under --keep-going')
      expect(rebuilt.exitCode).toBe(0)
      expect(defOf('token_counts').hypergolPartial).toBeUndefined()
      expect(countsOf()).toHaveLength(100)
    },
    TIMEOUT,
  )
})

describe('datasets on other branches', () => {
  test(
    'given the inputs were made on another branch, when a task runs on a new one, then the error names the branch that has them',
    () => {
      commitAll('Count sentences')
      const first = git('branch', '--show-current')
      expect(hypergol('run', PIPELINE).exitCode).toBe(0)
      git('checkout', '--quiet', '-b', 'feature')

      const result = hypergol('run', PIPELINE, '--only-tasks', '1')

      expect(result.exitCode).toBe(3)
      expect(result.stderr).toContain(
        `sentences.def not found); it exists on branch ${first} [E_DATASET_NOT_FOUND]`,
      )
    },
    TIMEOUT,
  )

  test(
    "given the inputs were made on a branch whose name holds a '/', when a task runs on another such branch, then the error names that branch as its .def records it",
    () => {
      commitAll('Count sentences')
      git('checkout', '--quiet', '-b', 'feature/sentences')
      expect(hypergol('run', PIPELINE).exitCode).toBe(0)
      git('checkout', '--quiet', '-b', 'fix/counts')

      const result = hypergol('run', PIPELINE, '--only-tasks', '1')

      expect(result.exitCode).toBe(3)
      expect(result.stderr).toContain(
        'sentences.def not found); it exists on branch feature/sentences [E_DATASET_NOT_FOUND]',
      )
    },
    TIMEOUT,
  )
})
