/**
 * @module tf
 * `loadTf()`: the runtime's one tfjs instance, on the WASM backend, started once per thread. It lives in a
 * build entrypoint of its own (`tf-entry.ts`), loaded on first use, so commands and Workers that never
 * touch tfjs do not pay for it.
 */
import { entryUrl } from '../entry-url.ts'
import { HypergolError } from '../errors.ts'
import type { startTf } from './tf-entry.ts'

type Tf = NonNullable<Awaited<ReturnType<typeof startTf>>>

let loading: Promise<Tf> | undefined

const start = async (): Promise<Tf> => {
  const entry = (await import(entryUrl('./model/tf-entry.ts'))) as typeof import('./tf-entry.ts')
  const tf = await entry.startTf()
  if (tf === undefined) {
    throw new HypergolError('E_TF_BACKEND', 'tfjs could not start its WASM backend', {
      hint: 'This is a bug in hypergol or its build; rerun with --debug and report the output.',
    })
  }
  return tf
}

/**
 * tfjs with the WASM backend ready, started on the first call in this thread.
 *
 * @throws HypergolError E_TF_BACKEND when the backend cannot start.
 */
export const loadTf = (): Promise<Tf> => {
  loading ??= start()
  return loading
}
