/**
 * What the operating system refuses, said in one line naming the path and the cause, with nothing published
 * and nothing left behind: a read-only file system and a full disk (real tmpfs mounts: the suite runs as
 * root, as CI does), permission denied (the binary run as the unprivileged user `nobody`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { fixtureDir } from '../helpers/fixtures.ts'

const TIMEOUT = 60_000
const ROOT = join(import.meta.dir, '..', '..')
const PIPELINE = 'examples/record-summaries/pipelines/record-summaries.ts'

let work: string
const mounts: string[] = []

/** Mounts a tmpfs of `size` at a new folder under `work`; the test fails with the reason when it cannot. */
const mountTmpfs = (name: string, size: string): string => {
  const target = join(work, name)
  mkdirSync(target)
  const mount = Bun.spawnSync(['mount', '-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', target], {
    stderr: 'pipe',
  })
  if (mount.exitCode !== 0) {
    throw new Error(
      `cannot mount a tmpfs at ${target} (these tests need root, as CI runs them): ${mount.stderr.toString()}`,
    )
  }
  mounts.push(target)
  return target
}

/** Puts the fixture records where the example pipeline reads them, under `dataDir`. */
const placeRecords = (dataDir: string) => {
  const branch = join(dataDir, 'fixture_project', 'fixture_branch')
  mkdirSync(branch, { recursive: true })
  cpSync(fixtureDir('records'), join(branch, 'records'), { recursive: true })
}

beforeAll(() => {
  getBinary()
  work = mkdtempSync(join(tmpdir(), 'hypergol-os-'))
  cpSync(join(ROOT, 'examples', 'record-summaries'), join(work, 'examples', 'record-summaries'), {
    recursive: true,
  })
}, TIMEOUT)
afterAll(() => {
  for (const target of mounts) Bun.spawnSync(['umount', target])
  rmSync(work, { recursive: true, force: true })
})

describe('file systems that refuse writes', () => {
  test(
    'given a data directory on a read-only file system, when run, then exit 3 naming the path and the cause',
    () => {
      const readOnly = mountTmpfs('read-only', '4m')
      placeRecords(readOnly)
      expect(Bun.spawnSync(['mount', '-o', 'remount,ro', readOnly]).exitCode).toBe(0)

      const result = runBinary(['run', PIPELINE, '--data-dir', readOnly], { cwd: work })

      expect(result.exitCode).toBe(3)
      expect(result.stderr).toMatch(
        new RegExp(`cannot [a-z ]+ ${readOnly}/\\S+: read-only file system \\(EROFS\\) \\[E_IO\\]`),
      )
      expect(result.stderr).toContain('--data-dir')
      expect(result.stderr).not.toMatch(/^\s+at /m)
    },
    TIMEOUT,
  )

  test(
    'given a data directory on a disk that fills up, when run, then exit 3 naming the file and ENOSPC, and nothing is published or left behind',
    () => {
      const full = mountTmpfs('full', '120k')
      placeRecords(full)

      const result = runBinary(['run', PIPELINE, '--data-dir', full], { cwd: work })

      expect(result.exitCode).toBe(3)
      expect(result.stderr).toMatch(
        new RegExp(`cannot write ${full}/\\S+: no space left on device \\(ENOSPC\\) \\[E_IO\\]`),
      )
      expect(result.stderr).not.toMatch(/^\s+at /m)
      expect(readdirSync(full)).toEqual(['fixture_project'])
      expect(readdirSync(join(full, 'fixture_project', 'fixture_branch'))).toEqual(['records'])
    },
    TIMEOUT,
  )
})

describe('permission denied', () => {
  /** Runs the binary as `nobody`, from a copy it may execute. */
  const runAsNobody = (args: string[]) => {
    const bin = join(work, 'bin')
    mkdirSync(bin, { recursive: true })
    if (!existsSync(join(bin, 'hypergol'))) copyFileSync(getBinary(), join(bin, 'hypergol'))
    chmodSync(work, 0o755)
    chmodSync(bin, 0o755)
    chmodSync(join(bin, 'hypergol'), 0o755)
    const result = Bun.spawnSync(
      ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', join(bin, 'hypergol'), ...args],
      {
        cwd: work,
        env: { ...process.env, HOME: work, NO_COLOR: '1', CI: 'true' },
        stdout: 'pipe',
        stderr: 'pipe',
      },
    )
    return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() }
  }

  test('given a chunk file nobody may read, when cat by another user, then exit 3 saying permission denied, not damaged', () => {
    const data = join(work, 'shared')
    placeRecords(data)
    Bun.spawnSync(['chmod', '-R', 'a+rX', data])
    const records = join(data, 'fixture_project', 'fixture_branch', 'records')
    chmodSync(join(records, 'records_3.jsonl.gz'), 0o600)

    const result = runAsNobody(['dataset', 'cat', records])

    expect(result.exitCode).toBe(3)
    // `open` when opening the file is refused, `read` when a reader names what it was doing.
    expect(result.stderr).toMatch(
      new RegExp(
        `cannot (open|read) ${join(records, 'records_3.jsonl.gz')}: permission denied \\(EACCES\\) \\[E_IO\\]`,
      ),
    )
    expect(result.stderr).not.toContain('gzip')
  })

  test('given a dataset folder nobody may open, when shown and listed by another user, then each says permission denied', () => {
    const data = join(work, 'closed')
    placeRecords(data)
    Bun.spawnSync(['chmod', '-R', 'a+rX', data])
    const branch = join(data, 'fixture_project', 'fixture_branch')
    chmodSync(branch, 0o700)

    const show = runAsNobody(['dataset', 'show', join(branch, 'records')])
    const list = runAsNobody(['dataset', 'list', branch])

    expect(show.exitCode).toBe(3)
    expect(show.stderr).toContain(
      `${join(branch, 'records', 'records.def')}: permission denied (EACCES) [E_IO]`,
    )
    expect(show.stderr).not.toContain('not found')
    expect(list.exitCode).toBe(3)
    expect(list.stderr).toContain(`cannot list ${branch}: permission denied (EACCES) [E_IO]`)
  })
})
