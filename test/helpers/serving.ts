/** `hypergol serve` of the compiled binary in the background, on a free port, for end-to-end tests. */
import type { Subprocess } from 'bun'
import { getBinary } from './binary.ts'
import { SERVE_URL, urlPrintedBy } from './url-printed-by.ts'

/** A running server and its URL. */
export interface Serving {
  server: Subprocess<'ignore', 'pipe', 'pipe'>
  url: string
}

/**
 * Starts `hypergol serve ARGS --port 0` in `cwd` and resolves once its `serving … at URL` line shows.
 *
 * @throws Error with everything it logged when it exits before listening.
 */
export const startServing = async (args: string[], cwd: string): Promise<Serving> => {
  const server = Bun.spawn([getBinary(), 'serve', ...args, '--port', '0'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  return {
    server,
    url: await urlPrintedBy([server.stdout, server.stderr], server.exited, SERVE_URL),
  }
}
