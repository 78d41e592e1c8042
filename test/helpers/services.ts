/**
 * The real servers a test talks to, started by `scripts/services` (`bun run test` and `.ci/run` do it) and
 * found through the environment. A test that needs one and does not find it fails with the reason, never
 * skips.
 */
const missing = (what: string, errorVariable: string): Error => {
  const why = process.env[errorVariable]
  return new Error(
    why !== undefined
      ? `${what} could not be started: ${why}`
      : `${what} is not running: run the tests through \`bun run test\`, or \`bun scripts/services/index.ts run -- bun test FILE\`, which start it`,
  )
}

/** The URL of the test Redis server. @throws Error saying why there is none. */
export const testRedisUrl = (): string => {
  const url = process.env.HYPERGOL_TEST_REDIS_URL
  if (url === undefined) throw missing('Redis (for the queue tests)', 'HYPERGOL_TEST_REDIS_ERROR')
  return url
}

/** The test S3 server's bucket; endpoint and credentials are in the `S3_*` variables Bun's client reads. */
export const testS3Bucket = (): string => {
  const bucket = process.env.HYPERGOL_TEST_S3_BUCKET
  if (bucket === undefined || process.env.S3_ENDPOINT === undefined)
    throw missing('OpenStack Swift (for the storage tests)', 'HYPERGOL_TEST_S3_ERROR')
  return bucket
}
