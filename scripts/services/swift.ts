/**
 * @module swift
 * OpenStack Swift with its S3 API, for the storage tests: Debian has no MinIO, and Swift is a real production
 * object store (SCALE.md §1). One node on 127.0.0.1, one replica, its devices, rings and configuration under
 * a temporary folder; memcached beside it for the proxy's cache; a bucket made through Swift's own API, since
 * Bun's S3 client cannot create one.
 *
 * Swift reads the cluster's hash prefix and storage policies from `/etc/swift/swift.conf` and nowhere else,
 * so that one file is written there (when missing; an existing one is left alone and used).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureCommands } from './apt.ts'
import { freePort, startDetached, stopPids, waitUntil } from './process.ts'
import type { Service } from './service.ts'

const PACKAGES = ['swift', 'swift-proxy', 'swift-object', 'swift-container', 'swift-account', 'memcached']
const COMMANDS = [
  'swift-ring-builder',
  'swift-proxy-server',
  'swift-object-server',
  'swift-container-server',
  'swift-account-server',
  'memcached',
]

/** The S3 credentials: tempauth's account `hypergol`, user `tester` (the access key has a colon in it). */
const ACCOUNT = 'hypergol'
const USER = 'tester'
const SECRET = 'testing-secret'
const TEST_BUCKET = 'hypergol-test'

const SWIFT_CONF = '/etc/swift/swift.conf'

/** What every server's configuration starts with: where it listens, runs as and finds its rings. */
const defaultSection = (name: string, port: number, dir: string, user: string): string =>
  `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${user}
swift_dir = ${dir}
log_name = ${name}
`

const serverConf = (kind: string, port: number, dir: string, user: string): string =>
  `${defaultSection(kind, port, dir, user)}devices = ${join(dir, 'devices')}
mount_check = false
disable_fallocate = true

[pipeline:main]
pipeline = ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}

[${kind}-replicator]
[${kind}-updater]
[${kind}-auditor]
`

/** The proxy's middlewares that need no settings: pipeline name → Swift's entry point. */
const PLAIN_FILTERS: Record<string, string> = {
  catch_errors: 'catch_errors',
  gatekeeper: 'gatekeeper',
  healthcheck: 'healthcheck',
  'proxy-logging': 'proxy_logging',
  listing_formats: 'listing_formats',
  copy: 'copy',
  slo: 'slo',
  dlo: 'dlo',
}

const proxyConf = (port: number, memcachePort: number, dir: string, user: string): string =>
  `${defaultSection('proxy', port, dir, user)}
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

${Object.entries(PLAIN_FILTERS)
  .map(([name, egg]) => `[filter:${name}]\nuse = egg:swift#${egg}\n`)
  .join('')}[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachePort}
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
s3_acl = false
check_bucket_owner = false
[filter:tempauth]
use = egg:swift#tempauth
user_${ACCOUNT}_${USER} = ${SECRET} .admin
`

/** The user the servers run as: this one (Bun's `os.userInfo()` answers `unknown` for root here). */
const userName = (): string => {
  const id = Bun.spawnSync(['id', '-un'], { stdout: 'pipe' })
  const name = id.stdout.toString().trim()
  return id.exitCode === 0 && name !== '' ? name : 'root'
}

const run = (argv: string[], cwd: string): void => {
  const child = Bun.spawnSync(argv, { cwd, stdout: 'pipe', stderr: 'pipe' })
  if (child.exitCode !== 0) throw new Error(`${argv.join(' ')} failed: ${child.stderr.toString().trim()}`)
}

/** Part power 8, 1 replica, one device: enough for one node (SCALE.md §1). */
const buildRing = (dir: string, kind: string, port: number): void => {
  const builder = `${kind}.builder`
  run(['swift-ring-builder', builder, 'create', '8', '1', '1'], dir)
  run(['swift-ring-builder', builder, 'add', `r1z1-127.0.0.1:${port}/d1`, '1'], dir)
  run(['swift-ring-builder', builder, 'rebalance'], dir)
}

/** Makes the bucket through Swift's API (tempauth token, then PUT of a container). */
const createBucket = async (proxy: string): Promise<void> => {
  const auth = await fetch(`${proxy}/auth/v1.0`, {
    headers: { 'X-Auth-User': `${ACCOUNT}:${USER}`, 'X-Auth-Key': SECRET },
  })
  const token = auth.headers.get('x-auth-token')
  const storage = auth.headers.get('x-storage-url')
  if (!auth.ok || token === null || storage === null)
    throw new Error(`Swift's tempauth answered ${auth.status} to ${ACCOUNT}:${USER}`)
  const put = await fetch(`${storage}/${TEST_BUCKET}`, { method: 'PUT', headers: { 'X-Auth-Token': token } })
  if (!put.ok) throw new Error(`Swift answered ${put.status} when creating the bucket ${TEST_BUCKET}`)
}

/**
 * Starts memcached and the four Swift servers under `dir`, with a bucket; the S3 endpoint and credentials
 * are in `env` as Bun's S3 client reads them (`S3_ENDPOINT`, `S3_ACCESS_KEY_ID`, …) plus
 * `HYPERGOL_TEST_S3_BUCKET`.
 */
export const startSwift = async (dir: string): Promise<Service> => {
  ensureCommands(COMMANDS, PACKAGES, 'the storage tests (OpenStack Swift with its S3 API)')
  if (!existsSync(SWIFT_CONF)) {
    mkdirSync('/etc/swift', { recursive: true })
    writeFileSync(
      SWIFT_CONF,
      '[swift-hash]\nswift_hash_path_prefix = hypergol-tests\nswift_hash_path_suffix = hypergol-tests\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
    )
  }
  const user = userName()
  const ports = {
    account: freePort(),
    container: freePort(),
    object: freePort(),
    proxy: freePort(),
    memcache: freePort(),
  }
  mkdirSync(join(dir, 'devices', 'd1'), { recursive: true })
  for (const kind of ['account', 'container', 'object'] as const) {
    writeFileSync(join(dir, `${kind}-server.conf`), serverConf(kind, ports[kind], dir, user))
    buildRing(dir, kind, ports[kind])
  }
  writeFileSync(join(dir, 'proxy-server.conf'), proxyConf(ports.proxy, ports.memcache, dir, user))
  const pids: number[] = []
  try {
    await startServers(dir, ports, user, pids)
  } catch (error) {
    await stopPids(pids)
    throw error
  }
  const proxy = `http://127.0.0.1:${ports.proxy}`
  return {
    name: 'swift',
    pids,
    env: {
      S3_ENDPOINT: proxy,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: `${ACCOUNT}:${USER}`,
      S3_SECRET_ACCESS_KEY: SECRET,
      HYPERGOL_TEST_S3_BUCKET: TEST_BUCKET,
    },
  }
}

/** Starts memcached and the servers (their PIDs pushed to `pids` as they start), then makes the bucket. */
const startServers = async (
  dir: string,
  ports: Record<'account' | 'container' | 'object' | 'proxy' | 'memcache', number>,
  user: string,
  pids: number[],
): Promise<void> => {
  // One at a time, each PID kept as soon as its process runs: a later one failing to start still leaves
  // the earlier ones to be stopped.
  pids.push(
    startDetached(
      'memcached',
      ['memcached', '-l', '127.0.0.1', '-p', String(ports.memcache), '-U', '0', '-u', user],
      dir,
    ),
  )
  for (const kind of ['account', 'container', 'object'] as const) {
    // --verbose: the log goes to the console, i.e. the log file (there is no syslog here).
    pids.push(
      startDetached(
        `${kind}-server`,
        [`swift-${kind}-server`, join(dir, `${kind}-server.conf`), '--verbose'],
        dir,
      ),
    )
  }
  pids.push(
    startDetached('proxy-server', ['swift-proxy-server', join(dir, 'proxy-server.conf'), '--verbose'], dir),
  )
  const proxy = `http://127.0.0.1:${ports.proxy}`
  await waitUntil(
    `swift-proxy-server on port ${ports.proxy}`,
    async () => (await fetch(`${proxy}/healthcheck`)).ok,
    30,
    join(dir, 'proxy-server.log'),
  )
  // The proxy answers its health check before the account and container servers listen: the bucket is
  // made once they answer too.
  let lastError: unknown
  await waitUntil(
    `Swift's account and container servers (creating the bucket ${TEST_BUCKET})`,
    async () => {
      try {
        await createBucket(proxy)
        return true
      } catch (error) {
        lastError = error
        return false
      }
    },
    30,
    join(dir, 'account-server.log'),
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}: ${(lastError as Error | undefined)?.message ?? ''}`)
  })
}
