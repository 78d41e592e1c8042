/**
 * The publish lock on the real test Redis: one holder at a time, the refused run told who holds it, renewal
 * while held, expiry when its owner stops renewing (a dead run), release only by the owner.
 */
import { describe, expect, test } from 'bun:test'
import { acquirePublishLock } from '../../../../src/dataset/storage/publish-lock.ts'
import { HypergolError } from '../../../../src/errors.ts'
import { testRedisUrl } from '../../../helpers/services.ts'

let serial = 0
const datasetName = () => `s3://bucket/lock-test-${process.pid}-${serial++}/records`

describe('acquirePublishLock', () => {
  test('given a held lock, when another run asks for it, then E_DATASET_BUSY names the holder; once released, it is taken', async () => {
    const url = testRedisUrl()
    const dataset = datasetName()
    const first = await acquirePublishLock(url, dataset)

    const refused = await acquirePublishLock(url, dataset).catch((error: unknown) => error)
    await first.release()
    const second = await acquirePublishLock(url, dataset)
    await second.release()

    expect(refused).toBeInstanceOf(HypergolError)
    expect((refused as HypergolError).code).toBe('E_DATASET_BUSY')
    expect((refused as HypergolError).message).toBe(
      `${dataset} is being published by another run (${first.owner})`,
    )
    expect(second.owner).not.toBe(first.owner)
  })

  test('given a lock held past its time to live, then renewal keeps it, and assertHeld passes', async () => {
    const url = testRedisUrl()
    const dataset = datasetName()
    const lock = await acquirePublishLock(url, dataset, { ttlMs: 300 })

    await Bun.sleep(700)
    const refused = await acquirePublishLock(url, dataset, { ttlMs: 300 }).catch((error: unknown) => error)
    await lock.assertHeld()
    await lock.release()

    expect((refused as HypergolError).code).toBe('E_DATASET_BUSY')
  })

  test('given a lock whose owner stopped renewing it (a dead run), then another run is refused until it expires and takes it after', async () => {
    const url = testRedisUrl()
    const dataset = datasetName()
    const redis = new Bun.RedisClient(url)
    // A dead run's lock: set as a run sets it, never renewed.
    await redis.send('SET', [`hypergol:publish:${dataset}`, 'dead-host:1:abc', 'NX', 'PX', '200'])

    const early = await acquirePublishLock(url, dataset).catch((error: unknown) => error)
    await Bun.sleep(400)
    const taken = await acquirePublishLock(url, dataset)
    await taken.release()
    redis.close()

    expect((early as HypergolError).message).toContain('(dead-host:1:abc)')
    expect((early as HypergolError).hint).toContain('its lock expires within 1 s')
    expect(taken.owner).toContain(`:${process.pid}:`)
  })

  test("given a lock taken over by another run, when its first owner releases it, then the other run's lock stays", async () => {
    const url = testRedisUrl()
    const dataset = datasetName()
    const redis = new Bun.RedisClient(url)
    const lock = await acquirePublishLock(url, dataset)
    // Another run's lock in its place, as after this run stalled past the expiry.
    await redis.send('SET', [`hypergol:publish:${dataset}`, 'other-host:2:def', 'PX', '10000'])

    const lost = await lock.assertHeld().catch((error: unknown) => error)
    await lock.release()
    const holder = await redis.get(`hypergol:publish:${dataset}`)
    await redis.del(`hypergol:publish:${dataset}`)
    redis.close()

    expect((lost as HypergolError).code).toBe('E_DATASET_BUSY')
    expect(holder).toBe('other-host:2:def')
  })
})
