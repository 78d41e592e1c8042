/**
 * A writer killed with SIGKILL in the middle of a large write leaves nothing that reads or verifies as
 * complete; the next attempt explains how to clean up, and the documented cleanup (or --force) works.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'

const WRITER = join(import.meta.dir, '..', 'helpers', 'write-small-dataset.ts')

const runWriter = (location: string, count: number, ...flags: string[]) =>
  Bun.spawnSync(['bun', WRITER, location, String(count), ...flags], { stdout: 'pipe', stderr: 'pipe' })

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await Bun.sleep(5)
  }
}

describe('a writer killed with SIGKILL', () => {
  let location: string
  let branchDir: string
  beforeAll(() => {
    getBinary()
  }, 60_000)
  beforeEach(() => {
    location = mkdtempSync(join(tmpdir(), 'hypergol-'))
    branchDir = join(location, 'demo', 'main')
  })
  afterEach(() => {
    rmSync(location, { recursive: true, force: true })
  })

  const killMidWrite = async (): Promise<string> => {
    const writer = Bun.spawn(['bun', WRITER, location, '3000000'], { stdout: 'pipe', stderr: 'pipe' })
    // Wait until chunk data has been flushed into the staging directory, then kill without warning.
    const staging = () =>
      existsSync(branchDir) ? readdirSync(branchDir).find((e) => e.startsWith('.smalls.')) : undefined
    await waitFor(() => {
      const dir = staging()
      return dir !== undefined && readdirSync(join(branchDir, dir)).some((file) => file.endsWith('.jsonl.gz'))
    }, 30_000)
    writer.kill('SIGKILL')
    await writer.exited
    const leftover = staging()
    if (leftover === undefined) throw new Error('the writer finished before it was killed')
    return join(branchDir, leftover)
  }

  test('given a killed writer, when the dataset is verified, listed or read, then nothing counts as complete', async () => {
    await killMidWrite()

    const verify = runBinary(['dataset', 'verify', join(branchDir, 'smalls')])
    const list = runBinary(['dataset', 'list', location])
    const cat = runBinary(['dataset', 'cat', join(branchDir, 'smalls')])

    expect(verify.exitCode).not.toBe(0)
    expect(verify.stderr).toContain('was interrupted')
    expect(list.stdout).not.toContain('smalls')
    expect(cat.exitCode).not.toBe(0)
    // Python Hypergol only looks for <name>/<name>.def: it must not exist either.
    expect(existsSync(join(branchDir, 'smalls', 'smalls.def'))).toBe(false)
  }, 60_000)

  test('given a killed writer, when writing again, then the error says exactly what to delete, and deleting it works', async () => {
    const leftover = await killMidWrite()

    const again = runWriter(location, 1000)
    rmSync(leftover, { recursive: true, force: true })
    const cleaned = runWriter(location, 1000)

    expect(again.exitCode).not.toBe(0)
    expect(again.stderr.toString()).toContain(`rm -rf '${leftover}'`)
    expect(cleaned.exitCode).toBe(0)
    expect(runBinary(['dataset', 'verify', join(branchDir, 'smalls')]).exitCode).toBe(0)
  }, 60_000)

  test('given a killed writer, when writing again with force, then the leftover is removed and the dataset verifies', async () => {
    const leftover = await killMidWrite()

    const forced = runWriter(location, 1000, '--force')

    expect(forced.exitCode).toBe(0)
    expect(existsSync(leftover)).toBe(false)
    const verify = runBinary(['dataset', 'verify', join(branchDir, 'smalls')])
    expect(verify.exitCode).toBe(0)
    expect(verify.stdout).toContain('1000 objects')
  }, 60_000)
})
