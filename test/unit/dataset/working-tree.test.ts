import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeChanges, loadWorkingTreeChanges } from '../../../src/dataset/working-tree.ts'

let root: string
const git = (...args: string[]) =>
  Bun.spawnSync(['git', '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: root })

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hypergol-'))
  git('init', '-q')
  writeFileSync(join(root, '.gitignore'), 'data/\n')
  writeFileSync(join(root, 'kept.ts'), 'export const kept = 1\n')
  git('add', '.')
  git('commit', '-q', '-m', 'first')
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('loadWorkingTreeChanges', () => {
  test('given a clean tree with an ignored data folder, when loaded, then there are no changes', () => {
    Bun.spawnSync(['mkdir', '-p', join(root, 'data')])
    writeFileSync(join(root, 'data', 'x.jsonl.gz'), 'x')

    expect(loadWorkingTreeChanges(root)).toBeUndefined()
  })

  test('given an untracked file, a changed file and a deleted one, when loaded, then all three are listed and the content SHA-1 follows the content', () => {
    writeFileSync(join(root, 'new.ts'), 'export const n = 1\n')
    writeFileSync(join(root, 'kept.ts'), 'export const kept = 2\n')
    writeFileSync(join(root, 'gone.ts'), '')
    git('add', 'gone.ts')
    git('commit', '-q', '-m', 'gone')
    rmSync(join(root, 'gone.ts'))

    const changes = loadWorkingTreeChanges(root)
    writeFileSync(join(root, 'new.ts'), 'export const n = 2\n')
    const after = loadWorkingTreeChanges(root)

    expect(changes?.paths).toEqual(['gone.ts', 'kept.ts', 'new.ts'])
    expect(changes?.pathCount).toBe(3)
    expect(after?.contentSha1).not.toBe(changes?.contentSha1)
    expect(describeChanges(changes as NonNullable<typeof changes>, 2)).toBe('gone.ts, kept.ts and 1 more')
  })

  test('given a folder that is not a git repository, when loaded, then there are no changes', () => {
    const plain = mkdtempSync(join(tmpdir(), 'hypergol-'))
    try {
      expect(loadWorkingTreeChanges(plain)).toBeUndefined()
    } finally {
      rmSync(plain, { recursive: true, force: true })
    }
  })
})
