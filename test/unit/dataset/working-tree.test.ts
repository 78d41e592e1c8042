import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
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

  test.each([
    ['staged (git mv, X column)', () => git('mv', 'kept.ts', 'moved.ts')],
    [
      'in the working tree only (intent to add, Y column)',
      () => {
        renameSync(join(root, 'kept.ts'), join(root, 'moved.ts'))
        git('add', '-N', 'moved.ts')
      },
    ],
  ])('given a rename %s, when loaded, then both the new and the old path are listed', (_, rename) => {
    rename()

    expect(loadWorkingTreeChanges(root)?.paths).toEqual(['kept.ts', 'moved.ts'])
  })

  test("given the run's data directory inside the repository and not ignored, when loaded excluding it, then what it holds is no change; other files still are", () => {
    mkdirSync(join(root, 'results', 'p', 'main', 'ds'), { recursive: true })
    writeFileSync(join(root, 'results', 'p', 'main', 'ds', 'ds.def'), '{}')

    expect(loadWorkingTreeChanges(root, { excluding: join(root, 'results') })).toBeUndefined()
    expect(loadWorkingTreeChanges(root)?.paths).toEqual(['results/p/main/ds/ds.def'])
    writeFileSync(join(root, 'new.ts'), '')
    expect(loadWorkingTreeChanges(root, { excluding: join(root, 'results') })?.paths).toEqual(['new.ts'])
  })

  test('given a changed file over 64 MB, when loaded, then its size and modification time stand for its content (not read)', () => {
    const big = join(root, 'big.bin')
    writeFileSync(big, '')
    truncateSync(big, 64 * 1024 * 1024 + 1) // sparse: no 64 MB written to disk
    const fixed = new Date('2026-01-02T03:04:05Z')
    utimesSync(big, fixed, fixed)
    const before = loadWorkingTreeChanges(root)?.contentSha1

    const fd = openSync(big, 'r+')
    writeSync(fd, 'x', 1000)
    closeSync(fd)
    utimesSync(big, fixed, fixed)
    const sameSizeAndTime = loadWorkingTreeChanges(root)?.contentSha1
    utimesSync(big, fixed, new Date('2026-01-02T03:04:06Z'))
    const touched = loadWorkingTreeChanges(root)?.contentSha1

    expect(sameSizeAndTime).toBe(before as string)
    expect(touched).not.toBe(before as string)
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
