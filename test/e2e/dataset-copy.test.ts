/**
 * Datasets in a bucket with the compiled binary, against the real test bucket (OpenStack Swift, started by
 * `scripts/services`): `dataset copy` of the Python-written records there and back keeps every byte and
 * verifies; `dataset cat` prints the same bytes from the bucket as from disk and `dataset verify` checks it;
 * a changed object is caught; refusals are one line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { fixtureDir } from '../helpers/fixtures.ts'
import { testRedisUrl, testS3Bucket } from '../helpers/services.ts'

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

  test('given --lock with the test Redis, when the records are copied into the bucket, then the copy is committed and its lock released (a second locked copy is refused as existing, not busy)', () => {
    const remote = `s3://${testS3Bucket()}/copy-lock-e2e-${process.pid}/records`
    const lock = testRedisUrl()

    const first = runBinary(['dataset', 'copy', fixtureDir('records'), remote, '--lock', lock])
    const second = runBinary(['dataset', 'copy', fixtureDir('records'), remote, '--lock', lock])

    expect(first.exitCode).toBe(0)
    expect(second.exitCode).toBe(3)
    expect(second.stderr).toContain('[E_DATASET_EXISTS]')
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

describe('hypergol dataset cat and verify on s3://', () => {
  const remote = () => `s3://${testS3Bucket()}/read-e2e-${process.pid}/records`
  let uploaded = false
  const upload = () => {
    if (uploaded) return
    expect(runBinary(['dataset', 'copy', fixtureDir('records'), remote()]).exitCode).toBe(0)
    uploaded = true
  }

  test('given the records in the bucket, when printed and verified there, then cat gives the same bytes as from disk and verify passes', () => {
    upload()

    const fromBucket = runBinary(['dataset', 'cat', remote()])
    const fromDisk = runBinary(['dataset', 'cat', fixtureDir('records')])
    const verify = runBinary(['dataset', 'verify', remote()])

    expect(fromBucket.exitCode).toBe(0)
    expect(fromBucket.stdout).toBe(fromDisk.stdout)
    expect(fromBucket.stdout.split('\n').length).toBe(1001)
    expect(verify.exitCode).toBe(0)
    expect(verify.stdout).toContain(remote())
  })

  test('given one chunk object in the bucket replaced by other content, then cat exits 4 with E_CHECKSUM_MISMATCH naming it and verify exits 1', async () => {
    const changed = `s3://${testS3Bucket()}/read-e2e-${process.pid}/changed/records`
    expect(runBinary(['dataset', 'copy', fixtureDir('records'), changed]).exitCode).toBe(0)
    const key = `read-e2e-${process.pid}/changed/records/records_5.jsonl.gz`
    const bucket = new Bun.S3Client({ bucket: testS3Bucket() })
    const content = Bun.gunzipSync(await bucket.file(key).bytes())
    content[10] = (content[10] as number) ^ 1
    await bucket.write(key, Bun.gzipSync(content))

    const cat = runBinary(['dataset', 'cat', changed])
    const verify = runBinary(['dataset', 'verify', changed])

    expect(cat.exitCode).toBe(4)
    expect(cat.stderr).toContain(`${changed}/records_5.jsonl.gz has SHA-1 `)
    expect(cat.stderr).toContain('[E_CHECKSUM_MISMATCH]')
    expect(verify.exitCode).toBe(1)
    expect(verify.stderr).toContain('records_5.jsonl.gz: expected ')
  })

  test('given the records in the bucket, when shown and listed there, then show says what it says on disk (size included) and list finds it', () => {
    upload()
    const withoutDirectory = (json: string) => ({ ...(JSON.parse(json) as object), directory: undefined })

    const fromBucket = runBinary(['dataset', 'show', remote(), '--json'])
    const fromDisk = runBinary(['dataset', 'show', fixtureDir('records'), '--json'])
    const list = runBinary(['dataset', 'list', remote().replace(/\/records$/, '')])

    expect(fromBucket.exitCode).toBe(0)
    expect(withoutDirectory(fromBucket.stdout)).toEqual(withoutDirectory(fromDisk.stdout))
    expect(JSON.parse(fromBucket.stdout).directory).toBe(remote())
    expect(list.exitCode).toBe(0)
    expect(list.stdout).toMatch(
      /^records\s+Record\s+1000\s+\S+ \S+\s+10d4ad99064df053efa8a52fe2da110f42ec8613$/m,
    )
  })

  test('given a folder of the bucket with no dataset, then exit 3 with one line naming it', () => {
    const missing = `s3://${testS3Bucket()}/read-e2e-${process.pid}/none/records`

    const result = runBinary(['dataset', 'cat', missing])

    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain(`no dataset at ${missing} (records.def not found) [E_DATASET_NOT_FOUND]`)
    expect(result.stderr).not.toContain('    at ')
  })
})
