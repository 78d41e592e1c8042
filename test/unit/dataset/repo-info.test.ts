import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DUMMY_REPO_INFO,
  loadBranchName,
  loadRepoInfo,
  parseCommitObject,
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
