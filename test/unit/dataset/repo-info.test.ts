import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DUMMY_REPO_INFO,
  loadBranchName,
  loadRepoInfo,
  parseCommitObject,
  prefetchRepoInfo,
  readRunStartFacts,
} from '../../../src/dataset/repo-info.ts'

const git = (cwd: string, ...args: string[]): string => {
  const result = Bun.spawnSync(['git', ...args], {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Author Person',
      GIT_AUTHOR_EMAIL: 'author@example.com',
      GIT_COMMITTER_NAME: 'Committer Person',
      GIT_COMMITTER_EMAIL: 'committer@example.com',
    },
  })
  if (result.exitCode !== 0) throw new Error(result.stderr.toString())
  return result.stdout.toString().trim()
}

let directory: string
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(directory, { recursive: true, force: true })
})

describe('loadRepoInfo', () => {
  test('given a repository, when read, then branch, full hash, raw message and the committer (not author) are recorded', () => {
    git(directory, 'init', '-q', '-b', 'feature/x')
    writeFileSync(join(directory, 'a.txt'), 'a')
    git(directory, 'add', '.')
    git(directory, 'commit', '-q', '-m', 'First line\n\nBody with é')

    const info = loadRepoInfo(directory)

    expect(info).toEqual({
      branchName: 'feature/x',
      commitHash: git(directory, 'rev-parse', 'HEAD'),
      commitMessage: 'First line\n\nBody with é\n',
      comitterName: 'Committer Person',
      comitterEmail: 'committer@example.com',
    })
  })

  test('given a detached HEAD, when read, then the branch is DETACHED', () => {
    git(directory, 'init', '-q')
    git(directory, 'commit', '-q', '--allow-empty', '-m', 'one')
    git(directory, 'checkout', '-q', '--detach')

    expect(loadRepoInfo(directory).branchName).toBe('DETACHED')
  })

  test('given no repository, when read, then the original dummy values are used', () => {
    expect(loadRepoInfo(directory)).toEqual(DUMMY_REPO_INFO)
  })

  test('given a repository without commits, when read, then the dummy values are used', () => {
    git(directory, 'init', '-q')

    expect(loadRepoInfo(directory).commitHash).toBe('0'.repeat(40))
  })
})

describe('prefetchRepoInfo', () => {
  const dirtyRepository = () => {
    git(directory, 'init', '-q', '-b', 'main')
    writeFileSync(join(directory, 'a.txt'), 'a')
    git(directory, 'add', '.')
    git(directory, 'commit', '-q', '-m', 'one')
    writeFileSync(join(directory, 'a.txt'), 'changed')
    writeFileSync(join(directory, 'new.ts'), 'new')
  }

  test('given a dirty repository, when read ahead (git processes at once), then the facts equal those read one process at a time', async () => {
    dirtyRepository()
    const oneAtATime = loadRepoInfo(directory, { excluding: join(directory, 'data') })

    await prefetchRepoInfo(directory, { excluding: join(directory, 'data') })
    const readAhead = loadRepoInfo(directory, { excluding: join(directory, 'data') })

    expect(readAhead).toEqual(oneAtATime)
    expect(readAhead.uncommitted?.paths).toEqual(['a.txt', 'new.ts'])
  })

  test('given facts read ahead, when loaded twice, then the second load reads git again (a commit in between shows)', async () => {
    dirtyRepository()
    await prefetchRepoInfo(directory)
    git(directory, 'add', '.')
    git(directory, 'commit', '-q', '-m', 'two')

    const first = loadRepoInfo(directory)
    const second = loadRepoInfo(directory)

    expect(first.commitMessage).toBe('one\n')
    expect(first.uncommitted?.pathCount).toBe(2)
    expect(second.commitMessage).toBe('two\n')
    expect(second.uncommitted).toBeUndefined()
  })

  test('given facts read ahead and dropped, when loaded, then git is read again', async () => {
    dirtyRepository()
    const forget = await prefetchRepoInfo(directory)
    git(directory, 'add', '.')
    git(directory, 'commit', '-q', '-m', 'two')
    forget()

    expect(loadRepoInfo(directory).commitMessage).toBe('two\n')
  })
})

describe('readRunStartFacts', () => {
  test('given a dirty repository, then its branch and, only when asked, its changes outside the left-out folder', async () => {
    git(directory, 'init', '-q', '-b', 'work')
    git(directory, 'commit', '-q', '--allow-empty', '-m', 'one')
    writeFileSync(join(directory, 'code.ts'), 'x')

    expect(await readRunStartFacts(directory, false)).toEqual({ branch: 'work', changes: undefined })
    expect((await readRunStartFacts(directory, true))?.changes?.paths).toEqual(['code.ts'])
    mkdirSync(join(directory, 'data'))
    writeFileSync(join(directory, 'data', 'out.json'), '{}')
    expect(
      (await readRunStartFacts(directory, true, { excluding: join(directory, 'data') })).changes?.paths,
    ).toEqual(['code.ts'])
  })

  test('given no repository, then the dummy branch and no changes', async () => {
    expect(await readRunStartFacts(directory, true)).toEqual({
      branch: DUMMY_REPO_INFO.branchName,
      changes: undefined,
    })
  })
})

describe('loadBranchName', () => {
  test('given a repository on a branch, then its name; detached, then DETACHED', () => {
    git(directory, 'init', '-q', '-b', 'feature/x')
    git(directory, 'commit', '-q', '--allow-empty', '-m', 'one')
    const onBranch = loadBranchName(directory)
    git(directory, 'checkout', '-q', '--detach')

    expect(onBranch).toBe('feature/x')
    expect(loadBranchName(directory)).toBe('DETACHED')
  })

  test('given no repository, or one without commits, then the dummy branch', () => {
    const outside = loadBranchName(directory)
    git(directory, 'init', '-q')

    expect(outside).toBe(DUMMY_REPO_INFO.branchName)
    expect(loadBranchName(directory)).toBe(DUMMY_REPO_INFO.branchName)
  })
})

describe('parseCommitObject', () => {
  test('given a raw commit with a multi-line message, when parsed, then the message is kept verbatim', () => {
    const raw =
      'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1700000000 +0100\n' +
      'committer C D <c@x> 1700000001 -0230\n\nSubject\n\n  indented body\n'

    expect(parseCommitObject(raw)).toEqual({
      message: 'Subject\n\n  indented body\n',
      committerName: 'C D',
      committerEmail: 'c@x',
    })
  })
})
