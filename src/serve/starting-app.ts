/**
 * @module starting-app
 * What `hypergol serve` answers between listening and the model being ready (loading the training script,
 * tfjs and the weights, and the warm-up request take seconds): `GET /healthz` says the process is alive,
 * `GET /readyz` that it is not ready yet (503), and anything else is a 503 saying to wait, with the model's
 * headers like every other answer.
 */
import type { Fetch } from './listen.ts'
import type { ServeMetrics } from './metrics.ts'
import { createReply, errorBody, pathOf } from './responses.ts'

/** The answers while the model loads, and the switch that starts draining them. */
export interface StartingApp {
  fetch: Fetch
  /** From now on `GET /readyz` says `draining` and every response says `Connection: close`. */
  drain(): void
}

/** The answers of the server of the model `longName` while it loads. */
export const createStartingApp = (longName: string, metrics: ServeMetrics): StartingApp => {
  let draining = false
  const reply = createReply(longName, metrics, () => draining)
  const fetch = (request: Request): Response => {
    const since = performance.now()
    const path = pathOf(request.url)
    const isGet = request.method === 'GET' || request.method === 'HEAD'
    if (isGet && path === '/healthz') return reply(request, path, since, 200, '{"status":"alive"}')
    if (isGet && path === '/readyz') {
      return reply(request, path, since, 503, draining ? '{"status":"draining"}' : '{"status":"loading"}')
    }
    return reply(
      request,
      'unmatched',
      since,
      503,
      errorBody('E_NOT_READY', 'the model is still loading; GET /readyz answers 200 once it is ready'),
      { headers: { 'retry-after': '1' } },
    )
  }
  return {
    fetch,
    drain: () => {
      draining = true
    },
  }
}
