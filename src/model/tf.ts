/**
 * @module tf
 * `loadTf()`: the runtime's one tfjs instance, on the WASM backend, started once per thread. It lives in a
 * build entrypoint of its own (`tf-entry.ts`), loaded on first use, so commands and Workers that never
 * touch tfjs do not pay for it.
 */
import { entryUrl } from '../entry-url.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import type { StartedTf } from './tf-entry.ts'

/** The tfjs module, as `loadTf()` gives it. */
export type Tf = StartedTf['tf']

let loading: Promise<StartedTf> | undefined

const start = async (): Promise<StartedTf> => {
  const entry = (await import(entryUrl('./model/tf-entry.ts'))) as typeof import('./tf-entry.ts')
  let started: StartedTf
  try {
    started = await entry.startTf()
  } catch (error) {
    throw new HypergolError('E_TF_BACKEND', `tfjs could not start: ${(error as Error).message}`, {
      cause: error,
      hint: 'This is a bug in hypergol or its build; rerun with --debug and report the output.',
    })
  }
  if (started.backend !== 'wasm' && process.env.HYPERGOL_TF_BACKEND !== 'cpu') {
    getLogger().warn(
      'tfjs could not start its WASM backend and runs on the pure-JS cpu backend, several times slower; rerun with --debug and report it',
    )
  }
  return started
}

/**
 * tfjs with the WASM backend ready (or, loudly, the `cpu` one), started on the first call in this thread.
 * `HYPERGOL_TF_BACKEND=cpu` asks for the `cpu` backend (for comparisons).
 *
 * @throws HypergolError E_TF_BACKEND when no backend can start.
 */
export const loadTf = async (): Promise<Tf> => (await loadTfBackend()).tf

/** {@link loadTf}, with the backend it runs on. */
export const loadTfBackend = (): Promise<StartedTf> => {
  loading ??= start()
  return loading
}
