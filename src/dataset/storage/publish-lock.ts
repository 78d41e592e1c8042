/**
 * @module publish-lock
 * Keeps two runs from publishing the same dataset at once where no rename can (a bucket: SCALE.md §2, Swift
 * answers conditional PUTs with 501). The lock is a Redis key set with `SET key owner NX PX ttl`: renewed
 * while it is held, released only by its owner (compare and delete, in one script), and gone by itself when
 * its owner dies, so that a crashed run never blocks the next one for longer than the time to live.
 */
import { hostname } from 'node:os'
import { HypergolError } from '../../errors.ts'

/** How long a lock lives without renewal; it is renewed every third of that. */
const TTL_MS = 30_000

/** Extends the lock's life if `owner` still holds it. */
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"

/** Deletes the lock if `owner` still holds it. */
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/** A held lock. */
export interface PublishLock {
  /** Who holds it: `host:pid:random`, what a refused run is told. */
  readonly owner: string
  /**
   * Throws unless the lock is still held (it was not lost to an expiry while its owner stalled): called just
   * before the commit, the `.chk`.
   *
   * @throws HypergolError E_DATASET_BUSY.
   */
  assertHeld(): Promise<void>
  /** Releases it (if still held); stops renewing it. */
  release(): Promise<void>
}

/** Options of {@link acquirePublishLock}. */
export interface PublishLockOptions {
  /** @default 30 s */
  ttlMs?: number
}

const keyOf = (dataset: string): string => `hypergol:publish:${dataset}`

/**
 * Takes the publish lock of `dataset` (its location, e.g. `s3://bucket/p/b/name`) in the Redis at `redisUrl`.
 *
 * @throws HypergolError E_DATASET_BUSY naming the run that holds it and when its lock expires.
 */
export const acquirePublishLock = async (
  redisUrl: string,
  dataset: string,
  options: PublishLockOptions = {},
): Promise<PublishLock> => {
  const ttlMs = options.ttlMs ?? TTL_MS
  const key = keyOf(dataset)
  const owner = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`
  const redis = new Bun.RedisClient(redisUrl)
  const taken = await redis.send('SET', [key, owner, 'NX', 'PX', String(ttlMs)])
  if (taken !== 'OK') {
    let holder: string | null
    let left: number
    try {
      ;[holder, left] = await Promise.all([redis.get(key), redis.send('PTTL', [key]).then(Number)])
    } finally {
      redis.close()
    }
    // PTTL: -2 gone since, -1 no expiry (set by hand: it never goes by itself).
    const expiry =
      left === -1
        ? `it has no expiry: remove the Redis key ${key} if that run is gone`
        : `if that run died, its lock expires within ${Math.ceil(Math.max(0, left) / 1000)} s`
    throw new HypergolError(
      'E_DATASET_BUSY',
      `${dataset} is being published by another run (${holder ?? 'one that just finished'})`,
      { hint: `Nothing was published. Wait for it to finish; ${expiry}.` },
    )
  }
  let lost = false
  const renewal = setInterval(
    () => {
      redis
        .send('EVAL', [RENEW, '1', key, owner, String(ttlMs)])
        .then((renewed) => {
          if (Number(renewed) !== 1) lost = true
        })
        .catch(() => {
          lost = true
        })
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  )
  // The renewal keeps no process alive by itself.
  renewal.unref()
  return {
    owner,
    assertHeld: async () => {
      const holder = lost ? undefined : await redis.get(key)
      if (holder !== owner) {
        throw new HypergolError(
          'E_DATASET_BUSY',
          `${dataset}: this run's publish lock was lost (it expired)`,
          {
            hint: 'Nothing was published. The run stalled longer than the lock lives; run it again.',
          },
        )
      }
    },
    release: async () => {
      clearInterval(renewal)
      try {
        await redis.send('EVAL', [RELEASE, '1', key, owner])
      } finally {
        redis.close()
      }
    },
  }
}
