/**
 * @module process
 * Starting a test server as a child process that outlives the script that started it (its PID is what
 * stops it), and waiting for it to answer, with a bounded number of tries.
 */
import { openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export const freePort = (): number => {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const { port } = listener
  listener.stop(true)
  return port
}

/**
 * Starts `argv` in the background with its output in `<logDir>/<name>.log`; returns its PID.
 *
 * @throws Error when it cannot be started.
 */
export const startDetached = (name: string, argv: string[], logDir: string, cwd = logDir): number => {
  const log = openSync(join(logDir, `${name}.log`), 'a')
  const child = Bun.spawn(argv, { cwd, stdin: 'ignore', stdout: log, stderr: log })
  child.unref()
  return child.pid
}

/** Whether the process `pid` is alive. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Whether `pid` is still one of the servers started here: a PID from an old state file may belong to another
 * process by now, which must not be killed.
 */
const isOurServer = (pid: number): boolean => {
  try {
    return /redis-server|swift-|memcached/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))
  } catch {
    return false
  }
}

/** Stops the servers by PID: SIGTERM, then SIGKILL for those still alive after a short wait. */
export const stopPids = async (all: number[]): Promise<void> => {
  const pids = all.filter(isOurServer)
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGTERM')
  for (let attempt = 0; attempt < 50 && pids.some(isAlive); attempt++) await Bun.sleep(100)
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
}

/**
 * Calls `ready` every 100 ms until it answers true, at most `seconds`.
 *
 * @throws Error naming `what` and pointing at its log when it never does.
 */
export const waitUntil = async (
  what: string,
  ready: () => Promise<boolean>,
  seconds: number,
  log: string,
): Promise<void> => {
  for (let attempt = 0; attempt < seconds * 10; attempt++) {
    if (await ready().catch(() => false)) return
    await Bun.sleep(100)
  }
  throw new Error(`${what} did not answer within ${seconds} s; see ${log}`)
}
