/**
 * The object store contract, run against both implementations: a local folder, and an S3 bucket on the real
 * test server (OpenStack Swift, started by `scripts/services`).
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalStore } from '../../../../src/dataset/storage/local-store.ts'
import type { ObjectStore } from '../../../../src/dataset/storage/object-store.ts'
import { S3Store } from '../../../../src/dataset/storage/s3-store.ts'
import { isS3Url, storeOf } from '../../../../src/dataset/storage/store-of.ts'
import { HypergolError } from '../../../../src/errors.ts'
import { testS3Bucket } from '../../../helpers/services.ts'

const localRoot = mkdtempSync(join(tmpdir(), 'hypergol-store-'))
afterAll(() => rmSync(localRoot, { recursive: true, force: true }))

/** A fresh root per test, so that tests never see each other's objects. */
let serial = 0
const stores: [string, () => ObjectStore][] = [
  ['a local folder', () => new LocalStore(join(localRoot, String(serial++)))],
  ['an S3 bucket', () => new S3Store(testS3Bucket(), `object-store-${process.pid}-${serial++}`)],
]

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes)

describe.each(stores)('an object store on %s', (_, makeStore) => {
  test('given objects written in folders, when read, streamed and listed, then each reads back whole and the listing holds exactly the folder', async () => {
    const store = makeStore()
    const gz = Bun.gzipSync(new TextEncoder().encode('{"a":1}\n'))
    await store.write('p/b/records/records_0.jsonl.gz', gz)
    await store.write('p/b/records/records.def', '{"name":"records"}')
    await store.write('p/b/records/records.chk', '{}')
    await store.write('p/b/records2/records2.def', '{}')

    const streamed = new Uint8Array(
      await new Response(store.stream('p/b/records/records_0.jsonl.gz')).arrayBuffer(),
    )

    expect(await store.read('p/b/records/records_0.jsonl.gz')).toEqual(new Uint8Array(gz))
    expect(text(await store.read('p/b/records/records.def'))).toBe('{"name":"records"}')
    expect(streamed).toEqual(new Uint8Array(gz))
    expect(await store.list('p/b/records')).toEqual([
      { key: 'p/b/records/records.chk', size: 2 },
      { key: 'p/b/records/records.def', size: 18 },
      { key: 'p/b/records/records_0.jsonl.gz', size: gz.length },
    ])
    expect((await store.list('')).length).toBe(4)
    expect(await store.list('p/none')).toEqual([])
  })

  test('given a missing object, then read answers undefined, exists false, remove does nothing and its stream fails', async () => {
    const store = makeStore()

    expect(await store.read('missing/x.def')).toBeUndefined()
    expect(await store.exists('missing/x.def')).toBe(false)
    await store.remove('missing/x.def')
    expect(new Response(store.stream('missing/x.def')).arrayBuffer()).rejects.toThrow()
  })

  test('given an object written again, when read, then the new bytes; removed, then gone', async () => {
    const store = makeStore()
    await store.write('d/x.chk', 'old')
    await store.write('d/x.chk', 'new')

    expect(text(await store.read('d/x.chk'))).toBe('new')
    expect(await store.exists('d/x.chk')).toBe(true)
    await store.remove('d/x.chk')
    expect(await store.exists('d/x.chk')).toBe(false)
  })
})

describe('LocalStore', () => {
  test('given a write, then no temporary file is left beside the object', async () => {
    const root = join(localRoot, 'no-temporary')
    await new LocalStore(root).write('a/b.def', 'x')

    expect(readdirSync(join(root, 'a'))).toEqual(['b.def'])
  })
})

describe('S3Store', () => {
  test('given a bucket that does not exist, when written, then E_STORAGE naming the object, the S3 code and a hint', async () => {
    testS3Bucket()
    const error = await new S3Store('no-such-bucket-here', 'x')
      .write('y.def', 'z')
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(HypergolError)
    expect((error as HypergolError).code).toBe('E_STORAGE')
    expect((error as HypergolError).message).toStartWith(
      'cannot write s3://no-such-bucket-here/x/y.def: NoSuchBucket',
    )
    expect((error as HypergolError).hint).toContain('Create the bucket')
  })

  test('given an endpoint where nothing listens, when read, then retried and E_STORAGE says after how many attempts', async () => {
    const error = await new S3Store('bucket', '', { endpoint: 'http://127.0.0.1:9', waitMs: 1 })
      .read('k.def')
      .catch((caught: unknown) => caught)

    expect((error as HypergolError).code).toBe('E_STORAGE')
    expect((error as HypergolError).message).toStartWith(
      'cannot read s3://bucket/k.def: ConnectionRefused after 5 attempts',
    )
  })
})

describe('storeOf', () => {
  test('given s3:// URLs and paths, then the matching store, rooted where they say', () => {
    expect(isS3Url('s3://b/p')).toBe(true)
    expect(storeOf('s3://bucket/some/prefix').describe('a/b.def')).toBe('s3://bucket/some/prefix/a/b.def')
    expect(storeOf('s3://bucket').location).toBe('s3://bucket')
    expect(storeOf('/tmp/data').describe('p/b.def')).toBe('/tmp/data/p/b.def')
  })

  test('given an s3:// URL without a bucket, then E_INVALID_ARGUMENT saying how to write it', () => {
    expect(() => storeOf('s3://')).toThrow('an s3:// URL names a bucket, as s3://bucket/prefix')
  })
})
