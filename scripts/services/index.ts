/**
 * @module services
 * The real servers the tests talk to (issue 21): Redis for the queue, OpenStack Swift with its S3 API for
 * object storage, started on 127.0.0.1 with their data in a temporary folder, and stopped by PID. Missing
 * Debian packages are installed first (`apt.ts`). `.ci/run` and `bun run test` both go through here.
 *
 *   bun scripts/services/index.ts run -- bun test …   starts them, runs the command with their environment,
 *                                                      stops them, and exits with the command's status
 *   bun scripts/services/index.ts start                starts them and prints `export NAME=value` lines
 *   bun scripts/services/index.ts stop                 stops what `start` started
 *
 * The tests find them through the environment (`HYPERGOL_TEST_REDIS_URL`, `S3_ENDPOINT`, …); a test that needs
 * one fails, saying how to start it, when it is not there (`test/helpers/services.ts`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { stopPids } from './process.ts'
import { startRedis } from './redis.ts'
import type { Service } from './service.ts'
import { startSwift } from './swift.ts'

/** Each server, the folder its data goes in, and the variable that says why it is not there. */
const SERVERS = [
  { folder: 'redis', start: startRedis, errorVariable: 'HYPERGOL_TEST_REDIS_ERROR' },
  { folder: 'swift', start: startSwift, errorVariable: 'HYPERGOL_TEST_S3_ERROR' },
] as const

/** Where `start` leaves what `stop` needs: the PIDs and the data folder. */
const STATE = join(import.meta.dir, '..', '..', '.services', 'state.json')

interface State {
  dir: string
  services: Service[]
  /** Why a server did not start, by its error variable (the tests that need it fail with this). */
  errors: Record<string, string>
}

/**
 * Starts every server under a new temporary folder. One that fails is stopped and its reason kept (with
 * where its logs are), and the others still start: only the tests that need it fail.
 */
export const startServices = async (): Promise<State> => {
  const dir = mkdtempSync(join(tmpdir(), 'hypergol-services-'))
  const state: State = { dir, services: [], errors: {} }
  for (const server of SERVERS) {
    const folder = join(dir, server.folder)
    mkdirSync(folder, { recursive: true })
    try {
      state.services.push(await server.start(folder))
    } catch (error) {
      const why = `${error instanceof Error ? error.message : String(error)} (logs in ${folder})`
      console.error(`services: not started, the tests that need it will fail: ${why}`)
      state.errors[server.errorVariable] = why
    }
  }
  return state
}

/** Stops the servers by PID and removes their data, unless one failed: its logs stay, for its error. */
export const stopServices = async (state: State): Promise<void> => {
  await stopPids(state.services.flatMap((service) => service.pids))
  if (Object.keys(state.errors).length === 0) rmSync(state.dir, { recursive: true, force: true })
}

/** The environment variables of the started servers, and the reasons of those that did not start. */
export const servicesEnv = (state: State): Record<string, string> =>
  Object.assign({}, state.errors, ...state.services.map((service) => service.env))

const main = async (argv: string[]): Promise<number> => {
  const [command, ...rest] = argv
  if (command === 'start') {
    // Servers a previous `start` left running are stopped first: one state file, one set of servers.
    if (existsSync(STATE)) await stopServices(JSON.parse(readFileSync(STATE, 'utf8')) as State)
    const state = await startServices()
    mkdirSync(dirname(STATE), { recursive: true })
    writeFileSync(STATE, JSON.stringify(state))
    for (const [name, value] of Object.entries(servicesEnv(state)))
      console.log(`export ${name}='${value.replaceAll("'", "'\\''")}'`)
    return 0
  }
  if (command === 'stop') {
    if (!existsSync(STATE)) return 0
    await stopServices(JSON.parse(readFileSync(STATE, 'utf8')) as State)
    rmSync(STATE, { force: true })
    return 0
  }
  if (command === 'run' && rest[0] === '--' && rest.length > 1) {
    const state = await startServices()
    // Stopped by a signal (a CI time limit, Ctrl-C), the servers are stopped too.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        void stopServices(state).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
      })
    }
    try {
      const child = Bun.spawn(rest.slice(1), {
        stdio: ['inherit', 'inherit', 'inherit'],
        env: { ...process.env, ...servicesEnv(state) },
      })
      return await child.exited
    } finally {
      await stopServices(state)
    }
  }
  console.error('usage: bun scripts/services/index.ts run -- COMMAND… | start | stop')
  return 2
}

if (import.meta.main) {
  try {
    process.exit(await main(process.argv.slice(2)))
  } catch (error) {
    console.error(`services: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
