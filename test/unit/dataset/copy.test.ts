/**
 * `copyDataset`: a Python-written fixture copied folder → folder and folder → S3 → folder (the real test
 * bucket) keeps every byte and its checksum and verifies; a damaged source, an existing destination and bad
 * arguments are refused with nothing left at the destination.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha1Hex } from '../../../src/dataset/chk-file.ts'
import { copyDataset } from '../../../src/dataset/copy.ts'
import { loadDatasetDir } from '../../../src/dataset/dataset-dir.ts'
import { verifyDatasetDir } from '../../../src/dataset/verify.ts'
import { HypergolError } from '../../../src/errors.ts'
import { fixtureDir } from '../../helpers/fixtures.ts'
import { testRedisUrl, testS3Bucket } from '../../helpers/services.ts'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hypergol-copy-'))
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

/** Every file of a dataset folder, by name. */
const filesOf = (directory: string): Record<string, Buffer> =>
  Object.fromEntries(readdirSync(directory).map((file) => [file, readFileSync(join(directory, file))]))

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof HypergolError ? error.code : String(error)),
  )

describe('copyDataset', () => {
  test('given the Python-written records, when copied to another folder, then every file is the same byte for byte, the checksum too, and the copy verifies', async () => {
    const destination = join(root, 'copy', 'records')
    const chunks: number[] = []

    const report = await copyDataset(fixtureDir('records'), destination, {
      onChunk: (done) => chunks.push(done),
    })

    expect(filesOf(destination)).toEqual(filesOf(fixtureDir('records')))
    expect(report.checksum).toBe(sha1Hex(readFileSync(join(fixtureDir('records'), 'records.chk'))))
    expect(report.chunkCount).toBe(16)
    expect(chunks.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, k) => k + 1))
    expect((await verifyDatasetDir(loadDatasetDir(destination))).problems).toEqual([])
  })

  test('given the records, when copied to the S3 bucket and back, then the folder holds the same bytes and verifies', async () => {
    const bucket = testS3Bucket()
    const remote = `s3://${bucket}/copy-${process.pid}-${Date.now()}/records`
    const back = join(root, 'back', 'records')

    const up = await copyDataset(fixtureDir('records'), remote)
    const down = await copyDataset(remote, back)

    expect(up.destination).toBe(`${remote}`)
    expect(down.checksum).toBe(up.checksum)
    expect(filesOf(back)).toEqual(filesOf(fixtureDir('records')))
    expect((await verifyDatasetDir(loadDatasetDir(back))).problems).toEqual([])
  })

  test('given a source chunk changed after it was written, when copied, then E_CHECKSUM_MISMATCH naming the chunk, and nothing is left at the destination', async () => {
    const source = join(root, 'source', 'records')
    cpSync(fixtureDir('records'), source, { recursive: true })
    const chunk = join(source, 'records_3.jsonl.gz')
    const content = Bun.gunzipSync(readFileSync(chunk))
    content[5] = (content[5] as number) ^ 1
    writeFileSync(chunk, Bun.gzipSync(content))
    const destination = join(root, 'copy', 'records')

    const error = await copyDataset(source, destination).catch((caught: unknown) => caught)

    // Copies still under way when the failure came must not land afterwards.
    await Bun.sleep(300)
    expect((error as HypergolError).code).toBe('E_CHECKSUM_MISMATCH')
    expect((error as HypergolError).message).toStartWith(`${chunk} has SHA-1 `)
    expect(existsSync(destination)).toBe(false)
    expect(readdirSync(join(root, 'copy'))).toEqual([])
  })

  test('given two copies of the records into the same bucket folder at once with the publish lock, then one is committed, the other refused, and what is there verifies', async () => {
    const bucket = testS3Bucket()
    const destination = `s3://${bucket}/copy-locked-${process.pid}-${Date.now()}/records`
    const lock = testRedisUrl()

    const outcomes = await Promise.allSettled([
      copyDataset(fixtureDir('records'), destination, { lock }),
      copyDataset(fixtureDir('records'), destination, { lock }),
    ])
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))
    const back = join(root, 'locked', 'records')
    await copyDataset(destination, back)

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(1)
    expect(refused.map((error) => (error as HypergolError).code)).toEqual([
      expect.stringMatching(/^E_DATASET_(BUSY|EXISTS)$/),
    ])
    expect(filesOf(back)).toEqual(filesOf(fixtureDir('records')))
  })

  test('given a source chunk changed after it was written, when copied into the bucket, then nothing of it is left there, also a moment later', async () => {
    const bucket = testS3Bucket()
    const source = join(root, 'source', 'records')
    cpSync(fixtureDir('records'), source, { recursive: true })
    const content = Bun.gunzipSync(readFileSync(join(source, 'records_0.jsonl.gz')))
    content[5] = (content[5] as number) ^ 1
    writeFileSync(join(source, 'records_0.jsonl.gz'), Bun.gzipSync(content))
    const prefix = `copy-failed-${process.pid}-${Date.now()}`

    const error = await copyDataset(source, `s3://${bucket}/${prefix}/records`).catch(
      (caught: unknown) => caught,
    )
    await Bun.sleep(300)
    const left = await new Bun.S3Client({ bucket }).list({ prefix: `${prefix}/` })

    expect((error as HypergolError).code).toBe('E_CHECKSUM_MISMATCH')
    expect(left.contents ?? []).toEqual([])
  })

  test('given a destination that holds the dataset already, then E_DATASET_EXISTS and it is left as it was', async () => {
    const destination = join(root, 'copy', 'records')
    await copyDataset(fixtureDir('records'), destination)
    const before = filesOf(destination)

    expect(await codeOf(copyDataset(fixtureDir('records'), destination))).toBe('E_DATASET_EXISTS')
    expect(filesOf(destination)).toEqual(before)
  })

  test('given a source without its .chk, a missing source, another name or an s3:// URL without a folder, a .chk naming a stray file, then refused with the matching code', async () => {
    const incomplete = join(root, 'incomplete', 'records')
    cpSync(fixtureDir('records'), incomplete, { recursive: true })
    rmSync(join(incomplete, 'records.chk'))

    expect(await codeOf(copyDataset(incomplete, join(root, 'a', 'records')))).toBe('E_DATASET_INCOMPLETE')
    const stray = join(root, 'stray', 'records')
    cpSync(fixtureDir('records'), stray, { recursive: true })
    const chk = JSON.parse(readFileSync(join(stray, 'records.chk'), 'utf8')) as Record<string, string>
    writeFileSync(join(stray, 'records.chk'), JSON.stringify({ ...chk, 'stray.txt': '0'.repeat(40) }))
    expect(await codeOf(copyDataset(stray, join(root, 'd', 'records')))).toBe('E_CHK_INVALID')
    expect(await codeOf(copyDataset(join(root, 'none', 'records'), join(root, 'b', 'records')))).toBe(
      'E_DATASET_NOT_FOUND',
    )
    expect(await codeOf(copyDataset(fixtureDir('records'), join(root, 'c', 'other')))).toBe(
      'E_INVALID_ARGUMENT',
    )
    expect(await codeOf(copyDataset(fixtureDir('records'), 's3://bucket-only'))).toBe('E_INVALID_ARGUMENT')
  })
})
