/**
 * A typed `Dataset` whose location is an `s3://` URL, on the real test bucket: written with `writeAll` (a
 * local write, then a verified upload with the `.chk` last), read back whole and by chunk, verified, equal
 * byte for byte to the same dataset written on disk; its synchronous methods refuse with E_USAGE.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset } from '../../../src/dataset/dataset.ts'
import { HypergolError } from '../../../src/errors.ts'
import { makeSmall, Record, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'
import { testRedisUrl, testS3Bucket } from '../../helpers/services.ts'

const local = mkdtempSync(join(tmpdir(), 'hypergol-bucket-dataset-'))
afterAll(() => rmSync(local, { recursive: true, force: true }))

let serial = 0
const inBucket = <T extends Small | Record>(dataClass: typeof Small | typeof Record, name = 'smalls') =>
  new Dataset(dataClass as never, {
    location: `s3://${testS3Bucket()}/typed-${process.pid}-${serial++}`,
    project: 'proj',
    branch: 'main',
    name,
    repoInfo: TEST_REPO_INFO,
  }) as unknown as Dataset<T>

const objects = Array.from({ length: 300 }, (_, k) => makeSmall(k))

describe('a Dataset in a bucket', () => {
  test('given objects written with writeAll, when read whole and by chunk and verified, then they come back in order, and the files equal a write on disk', async () => {
    const remote = inBucket<Small>(Small)
    const onDisk = new Dataset(Small, {
      location: local,
      project: 'proj',
      branch: 'main',
      name: 'smalls',
      repoInfo: TEST_REPO_INFO,
    })

    const written = await remote.writeAll(objects)
    await onDisk.writeAll(objects)
    const readBack = await Array.fromAsync(remote.read())
    const chunk3 = (await Array.fromAsync(remote.readChunk(3))).flat()
    const report = await remote.verify()
    const bucket = new Bun.S3Client({ bucket: testS3Bucket() })
    const remoteChunk = await bucket
      .file(`${remote.directory.slice(`s3://${testS3Bucket()}/`.length)}/smalls_3.jsonl.gz`)
      .bytes()

    expect(written.directory).toBe(remote.directory)
    expect(readBack.map((small) => small.smallId)).toEqual(
      (await Array.fromAsync(onDisk.read())).map((small) => small.smallId),
    )
    expect(chunk3.map((small) => small.smallId)).toEqual(
      (await Array.fromAsync(onDisk.readChunk(3))).flat().map((small) => small.smallId),
    )
    expect(report.problems).toEqual([])
    expect(report.checksum).toBe(written.checksum)
    expect(Bun.gunzipSync(remoteChunk)).toEqual(
      Bun.gunzipSync(readFileSync(join(onDisk.directory, 'smalls_3.jsonl.gz'))),
    )
  })

  test('given a dataset in the bucket, when written again, then E_DATASET_EXISTS; read as another class, E_DATASET_MISMATCH', async () => {
    const remote = inBucket<Small>(Small)
    await remote.writeAll(objects.slice(0, 10))
    const asRecords = new Dataset(Record, {
      location: remote.location,
      project: 'proj',
      branch: 'main',
      name: 'smalls',
    })

    const again = await remote.writeAll(objects.slice(0, 10)).catch((error: unknown) => error)
    const mismatch = await Array.fromAsync(asRecords.read()).catch((error: unknown) => error)

    expect((again as HypergolError).code).toBe('E_DATASET_EXISTS')
    expect((mismatch as HypergolError).code).toBe('E_DATASET_MISMATCH')
  })

  test('given two writeAll of the same dataset into the bucket at once with the publish lock, then one is committed and the other refused; force is refused there', async () => {
    const first = inBucket<Small>(Small)
    const second = new Dataset(Small, {
      location: first.location,
      project: 'proj',
      branch: 'main',
      name: 'smalls',
      repoInfo: TEST_REPO_INFO,
    })
    const lock = testRedisUrl()

    const outcomes = await Promise.allSettled([
      first.writeAll(objects, { lock }),
      second.writeAll(objects, { lock }),
    ])
    const forced = await first.writeAll(objects, { force: true }).catch((error: unknown) => error)

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(1)
    expect((await first.verify()).problems).toEqual([])
    expect((forced as HypergolError).code).toBe('E_USAGE')
  })

  test('given a dataset in a bucket, when a synchronous method is called, then E_USAGE naming the asynchronous ones', () => {
    const remote = inBucket<Small>(Small)

    for (const call of [
      () => remote.exists(),
      () => remote.isComplete(),
      () => remote.load(),
      () => remote.checksum(),
      () => remote.openWriter(),
      () => remote.delete(),
    ]) {
      expect(call).toThrow(HypergolError)
      try {
        call()
      } catch (error) {
        expect((error as HypergolError).code).toBe('E_USAGE')
        expect((error as HypergolError).hint).toContain('writeAll()')
      }
    }
  })
})
