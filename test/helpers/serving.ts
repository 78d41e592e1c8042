/** `hypergol serve` of the compiled binary in the background, on a free port, for end-to-end tests. */
import type { Subprocess } from 'bun'
import { getBinary } from './binary.ts'
import { SERVE_URL, urlPrintedBy } from './url-printed-by.ts'

/** A running server, its URL and what it logged so far. */
export interface Serving {
  server: Subprocess<'ignore', 'pipe', 'pipe'>
  url: string
  /** Everything the server printed so far, stdout and stderr. */
  log(): string
}

/** The address in `hypergol serve`'s "listening on <host:port>; loading …" line, printed before loading. */
const LISTENING = /listening on (\S+);/

/** Options of {@link startServing}. */
export interface StartServingOptions {
  /** Resolve once the port listens (the model may still load), or once the model is served. @default 'serving' */
  until?: 'listening' | 'serving'
  /** More environment variables for the server. */
  env?: Record<string, string>
}

/**
 * Starts `hypergol serve ARGS --port 0` in `cwd` and resolves once its `serving … at URL` line shows (or its
 * `listening on` line, with `until: 'listening'`).
 *
 * @throws Error with everything it logged when it exits before that.
 */
export const startServing = async (
  args: string[],
  cwd: string,
  options: StartServingOptions = {},
): Promise<Serving> => {
  const server = Bun.spawn([getBinary(), 'serve', ...args, '--port', '0'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  let log = ''
  const listening = options.until === 'listening'
  const printed = await urlPrintedBy(
    [server.stdout, server.stderr],
    server.exited,
    listening ? LISTENING : SERVE_URL,
    (text) => {
      log += text
    },
  )
  return { server, url: listening ? `http://${printed}` : printed, log: () => log }
}
