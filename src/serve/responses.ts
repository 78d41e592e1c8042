/**
 * @module responses
 * The responses of `hypergol serve`, whichever part answers (the app, the placeholder while the model loads,
 * the answer to a request that does not parse): JSON error bodies of one shape, and the headers every
 * response carries, `X-Model-Long-Name` and `X-Process-Time`.
 */
import type { ServeMetrics } from './metrics.ts'
import type { Problem } from './request-body.ts'

export const JSON_TYPE = 'application/json'

/** The JSON body of an error response: `{"error": "E_…", "message": …, "details": [{path, message}, …]}`. */
export const errorBody = (error: string, message: string, details: Problem[] = []): string =>
  JSON.stringify({ error, message, details })

/** What a reply carries besides its status and body. */
interface ReplyOptions {
  /** @default JSON_TYPE */
  type?: string
  /** More headers (`Allow`, `Retry-After`, …). */
  headers?: { [name: string]: string }
}

/** Answers `request` with the model's headers, timed from `since` and counted in the metrics. */
export type Reply = (
  request: Request,
  route: string,
  since: number,
  status: number,
  body: string,
  options?: ReplyOptions,
) => Response

/**
 * The {@link Reply} of the model `longName`. While `closing()` holds (the server drains before it stops),
 * every response says `Connection: close`: a keep-alive client then sends its next request on a new
 * connection, which the listener still accepts during the drain, instead of on one that the end of the drain
 * closes under it.
 */
export const createReply =
  (longName: string, metrics: ServeMetrics, closing: () => boolean): Reply =>
  (request, route, since, status, body, options) => {
    const seconds = (performance.now() - since) / 1000
    metrics.observeRequest(route, request.method, status, seconds)
    const headers: { [name: string]: string } = {
      'content-type': options?.type ?? JSON_TYPE,
      'x-model-long-name': longName,
      'x-process-time': String(seconds),
      ...options?.headers,
    }
    if (closing()) headers.connection = 'close'
    return new Response(body, { status, headers })
  }

const SCHEME_AND_AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i

/**
 * The path of a request URL, without its query. Bun gives a request without a `Host` header (HTTP/1.0 allows
 * that) a URL that is only its path, which `new URL` refuses; a `CONNECT` has an authority
 * (`example.com:443`) and no path: `''`.
 */
export const pathOf = (url: string): string => {
  if (!url.startsWith('/') && !SCHEME_AND_AUTHORITY.test(url)) return ''
  const path = url.replace(SCHEME_AND_AUTHORITY, '')
  const end = path.search(/[?#]/)
  return (end === -1 ? path : path.slice(0, end)) || '/'
}
