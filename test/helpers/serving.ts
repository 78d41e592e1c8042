/** `hypergol serve` of the compiled binary in the background, on a free port, for end-to-end tests. */
import type { Subprocess } from 'bun'
import { getBinary } from './binary.ts'

/** A running server and its URL. */
export interface Serving {
  server: Subprocess<'ignore', 'pipe', 'pipe'>
  url: string
}

/**
 * Starts `hypergol serve ARGS --port 0` in `cwd` and resolves once its `serving … at URL` line shows.
 *
 * @throws Error with everything it logged when it stops before listening.
 */
export const startServing = async (args: string[], cwd: string): Promise<Serving> => {
  const server = Bun.spawn([getBinary(), 'serve', ...args, '--port', '0'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const reader = server.stderr.getReader()
  const decoder = new TextDecoder()
  let log = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) throw new Error(`hypergol serve ended before listening:\n${log}`)
    log += decoder.decode(value, { stream: true })
    const url = / at (http:\/\/\S+) /.exec(log)?.[1]
    if (url !== undefined) {
      reader.releaseLock()
      return { server, url }
    }
  }
}
