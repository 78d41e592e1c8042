/**
 * @module redis
 * Debian's `redis-server` for the queue tests, on 127.0.0.1 with its data in a temporary folder, set as
 * BullMQ needs it (`noeviction`), no persistence (SCALE.md §3).
 */
import { join } from 'node:path'
import { ensureCommands } from './apt.ts'
import { freePort, startDetached, stopPids, waitUntil } from './process.ts'
import type { Service } from './service.ts'

/** Starts a Redis server under `dir`; its URL is in `env.HYPERGOL_TEST_REDIS_URL`. */
export const startRedis = async (dir: string): Promise<Service> => {
  ensureCommands(['redis-server'], ['redis-server'], 'the queue tests (Redis)')
  const port = freePort()
  const pid = startDetached(
    'redis',
    [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--maxmemory-policy',
      'noeviction',
    ],
    dir,
  )
  const url = `redis://127.0.0.1:${port}/0`
  await waitUntil(
    `redis-server on port ${port}`,
    async () => {
      const client = new Bun.RedisClient(url, { connectionTimeout: 500, autoReconnect: false })
      try {
        return (await client.send('PING', [])) === 'PONG'
      } finally {
        client.close()
      }
    },
    15,
    join(dir, 'redis.log'),
  ).catch(async (error: unknown) => {
    await stopPids([pid])
    throw error
  })
  return { name: 'redis', pids: [pid], env: { HYPERGOL_TEST_REDIS_URL: url } }
}
