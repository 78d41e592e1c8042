/**
 * `hypergol dataset copy` with the compiled binary: the Python-written records to the real test bucket
 * (OpenStack Swift, started by `scripts/services`) and back keep every byte and verify; refusals are one line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { fixtureDir } from '../helpers/fixtures.ts'
import { testS3Bucket } from '../helpers/services.ts'

const root = mkdtempSync(join(tmpdir(), 'hypergol-copy-e2e-'))
beforeAll(() => {
  getBinary()
}, 60_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

const filesOf = (directory: string): Record<string, Buffer> =>
  Object.fromEntries(readdirSync(directory).map((file) => [file, readFileSync(join(directory, file))]))

describe('hypergol dataset copy', () => {
  test('given the Python-written records, when copied to an s3:// bucket and back, then each prints one line, the local copy holds the same bytes and dataset verify passes', () => {
    const remote = `s3://${testS3Bucket()}/copy-e2e-${process.pid}/records`
    const back = join(root, 'back', 'records')

    const up = runBinary(['dataset', 'copy', fixtureDir('records'), remote])
    const down = runBinary(['dataset', 'copy', remote, back])
    const verify = runBinary(['dataset', 'verify', back])

    expect(up.exitCode).toBe(0)
    expect(up.stdout).toBe(
      `${remote}: copied from ${fixtureDir('records')}, 16 chunks verified, checksum 10d4ad99064df053efa8a52fe2da110f42ec8613\n`,
    )
    expect(down.exitCode).toBe(0)
    expect(filesOf(back)).toEqual(filesOf(fixtureDir('records')))
    expect(verify.exitCode).toBe(0)
  })

  test('given a destination holding the dataset, when copied again, then exit 3 with one line naming it and no stack trace', () => {
    const destination = join(root, 'twice', 'records')
    expect(runBinary(['dataset', 'copy', fixtureDir('records'), destination]).exitCode).toBe(0)

    const again = runBinary(['dataset', 'copy', fixtureDir('records'), destination])

    expect(again.exitCode).toBe(3)
    expect(again.stderr).toContain(`a dataset is already at ${destination} (records.def) [E_DATASET_EXISTS]`)
    expect(again.stderr).not.toContain('    at ')
  })

  test('given a bucket that does not exist, when copied to it, then exit 3 with E_STORAGE naming the object and S3 code', () => {
    testS3Bucket()

    const result = runBinary(['dataset', 'copy', fixtureDir('records'), 's3://no-such-bucket-e2e/p/records'])

    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(
      /cannot write s3:\/\/no-such-bucket-e2e\/p\/records\/records_[0-9a-f]\.jsonl\.gz: NoSuchBucket .*\[E_STORAGE\]/,
    )
    expect(result.stderr).not.toContain('    at ')
  })
})
