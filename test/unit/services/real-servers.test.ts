/**
 * The servers `scripts/services` starts are the real ones the storage and queue work relies on (SCALE.md):
 * Bun's S3 client against Swift's S3 API (write, read, stat, list by pages, delete; an object is whole or
 * absent), and Redis with the `SET NX PX` a publish lock needs.
 */
import { describe, expect, test } from 'bun:test'
import { testRedisUrl, testS3Bucket } from '../../helpers/services.ts'

const prefix = `real-servers-${process.pid}-${Date.now()}/`

describe('the test S3 server (OpenStack Swift)', () => {
  test('given objects written under a prefix, when read, listed by pages and deleted, then each is whole and the listing complete', async () => {
    const s3 = new Bun.S3Client({ bucket: testS3Bucket() })
    const keys = Array.from({ length: 5 }, (_, k) => `${prefix}chunk_${k}.jsonl.gz`)
    const bodies = keys.map((key, k) => Bun.gzipSync(new TextEncoder().encode(`{"k":${k},"key":"${key}"}\n`)))
    await Promise.all(keys.map((key, k) => s3.write(key, bodies[k] as Uint8Array)))

    const listed: string[] = []
    let continuationToken: string | undefined
    for (let page = 0; page < 10; page++) {
      const result = await s3.list({ prefix, maxKeys: 2, continuationToken })
      listed.push(...(result.contents ?? []).map((object) => object.key))
      if (!result.isTruncated) break
      continuationToken = result.nextContinuationToken
    }
    const read = await Promise.all(keys.map((key) => s3.file(key).bytes()))
    const size = (await s3.stat(keys[0] as string)).size

    expect(listed.sort()).toEqual(keys)
    expect(read).toEqual(bodies)
    expect(size).toBe((bodies[0] as Uint8Array).length)
    await Promise.all(keys.map((key) => s3.delete(key)))
    expect(await s3.file(keys[0] as string).exists()).toBe(false)
  })
})

describe('the test Redis server', () => {
  test('given a lock key set with NX and an expiry, when set again, then refused until released', async () => {
    const redis = new Bun.RedisClient(testRedisUrl())
    const key = `${prefix}lock`
    try {
      const first = await redis.send('SET', [key, 'run-1', 'NX', 'PX', '10000'])
      const second = await redis.send('SET', [key, 'run-2', 'NX', 'PX', '10000'])
      await redis.del(key)
      const third = await redis.send('SET', [key, 'run-3', 'NX', 'PX', '10000'])

      expect(first).toBe('OK')
      expect(second).toBeNull()
      expect(third).toBe('OK')
    } finally {
      await redis.del(key)
      redis.close()
    }
  })
})
