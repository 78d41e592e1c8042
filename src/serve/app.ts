/**
 * @module app
 * The Elysia app of `hypergol serve` (RUNTIME.md §8): `POST /output` and the endpoints around it. Every
 * response, errors included, carries `X-Model-Long-Name` and `X-Process-Time`; bad input is a 4xx naming
 * each failing path, never a 500; a method a route does not take is a 405 naming the ones it does; a failure
 * of the model's code is a 500 naming the method that failed, and the server keeps serving; a client that
 * goes away before its answer is counted apart, not as an error. `createServeApp` opens no port (tests call
 * `app.handle`); `server.ts` listens.
 */
import { Elysia } from 'elysia'
import type { DataClassOf } from '../data/base-data.ts'
import { exampleOf } from '../data/example-of.ts'
import { HypergolError, httpStatusOf } from '../errors.ts'
import { getLogger } from '../logger.ts'
import type { JsonValue } from '../model/json-value.ts'
import { createBatcher, type Predict } from './batcher.ts'
import { docsPage } from './docs-page.ts'
import { ServeMetrics } from './metrics.ts'
import { openApiDocument } from './openapi.ts'
import { createOutputBody, jsonText } from './output-body.ts'
import { BadRequest, type BodyLimits, createBodyReader } from './request-body.ts'
import { createReply, errorBody, pathOf } from './responses.ts'

/** What the app serves: a model's identity and its `predict` (see `ServedModel`). */
export interface AppModel {
  modelName: string
  longName: string
  step: number
  inputClass: DataClassOf
  outputClass: DataClassOf
  predict: Predict
  /** The body of `GET /lineage`. */
  lineage: JsonValue
}

/** Options of {@link createServeApp}. */
export interface ServeAppOptions extends BodyLimits {
  /** hypergol's version, shown by `GET /`. */
  version: string
  /** Most objects per model call when batching concurrent requests; `undefined`: no batching. */
  maxBatch?: number
  /** How long a request waits for others to batch with, in ms. @default 2 */
  maxWaitMs?: number
  /** Where requests are counted. @default new metrics of the model */
  metrics?: ServeMetrics
}

/** A serving app and its controls. */
export interface ServeApp {
  app: Elysia
  /** Answers a request: what the server listens with (`app.fetch`, for any `Host`). */
  fetch: (request: Request) => Response | Promise<Response>
  metrics: ServeMetrics
  /**
   * From now on `GET /readyz` answers 503, so that load balancers stop sending requests, and every response
   * says `Connection: close`, so that keep-alive clients stop sending on their connections.
   */
  drain(): void
}

/** The GET endpoints; each also answers HEAD. */
const GET_ROUTES = ['/', '/openapi.json', '/docs', '/lineage', '/healthz', '/readyz', '/metrics'] as const
type GetRoute = (typeof GET_ROUTES)[number]

/** The methods each route takes, as the `Allow` header of a 405 lists them. */
const ALLOWED = new Map<string, string>([
  ...GET_ROUTES.map((route) => [route, 'GET, HEAD'] as const),
  ['/output', 'POST'],
])

/** Builds the app serving `model`. */
export const createServeApp = (model: AppModel, options: ServeAppOptions): ServeApp => {
  const metrics = options.metrics ?? new ServeMetrics(model.longName, model.step)
  const readBody = createBodyReader(model.inputClass, options)
  const outputBody = createOutputBody(model.modelName, model.outputClass)
  const predict = createBatcher(model.predict, {
    maxBatch: options.maxBatch,
    maxWaitMs: options.maxWaitMs,
    onBatch: (size, seconds) => metrics.observeBatch(size, seconds),
  })
  let draining = false

  const reply = createReply(model.longName, metrics, () => draining)

  /**
   * A request whose client went away (it aborted, or timed out) while its body was read or its batch ran:
   * nobody is left to answer, so it is counted apart rather than as an answered request or an error.
   */
  const abandoned = (request: Request, route: string): Response => {
    metrics.observeAborted(route, request.method)
    getLogger().debug(`${request.method} ${route}: the client went away before the answer`)
    return new Response(null, { status: 499 })
  }

  const failure = (request: Request, route: string, since: number, error: unknown): Response => {
    // Reading the body of a client that went away fails; that is the client's doing, not an error here.
    // (The signal is only looked at on failures and after a batch: it costs a few percent of throughput.)
    if (request.signal.aborted) {
      if (error instanceof HypergolError && httpStatusOf(error) >= 500) {
        getLogger().error(`${request.method} ${route}: ${error.message} [${error.code}]`)
      }
      return abandoned(request, route)
    }
    if (error instanceof BadRequest) {
      const code = error.status === 413 ? 'E_REQUEST_TOO_LARGE' : 'E_REQUEST_INVALID'
      return reply(request, route, since, error.status, errorBody(code, error.message, error.problems))
    }
    if (error instanceof HypergolError) {
      const status = httpStatusOf(error)
      // Refused requests are the client's business; failures of the model's code are the operator's.
      if (status >= 500) getLogger().error(`${request.method} ${route}: ${error.message} [${error.code}]`)
      return reply(request, route, since, status, errorBody(error.code, error.message))
    }
    getLogger().error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    return reply(request, route, since, 500, errorBody('E_INTERNAL', 'internal error; see the server log'))
  }

  const title = `Serve ${model.modelName}`
  const root = JSON.stringify({
    title,
    version: options.version,
    description: `hypergol server of ${model.modelName}, see /docs for API details`,
    model: model.longName,
  })
  const openapi = JSON.stringify(
    openApiDocument({
      title,
      description: `${model.longName}: POST a JSON array of ${model.inputClass.name} objects to /output.`,
      version: options.version,
      longName: model.longName,
      inputClass: model.inputClass,
      outputClass: model.outputClass,
      maxItems: options.maxItems,
    }),
  )
  const docs = docsPage(title, model.longName, jsonText([exampleOf(model.inputClass).toData()], 2))
  const lineage = JSON.stringify(model.lineage)

  /** The GET endpoints' answers (also to HEAD, without the body). */
  const answers: { [route in GetRoute]: (request: Request) => Response } = {
    '/': (request) => reply(request, '/', performance.now(), 200, root),
    '/openapi.json': (request) => reply(request, '/openapi.json', performance.now(), 200, openapi),
    '/docs': (request) =>
      reply(request, '/docs', performance.now(), 200, docs, { type: 'text/html; charset=utf-8' }),
    '/lineage': (request) => reply(request, '/lineage', performance.now(), 200, lineage),
    '/healthz': (request) => reply(request, '/healthz', performance.now(), 200, '{"status":"alive"}'),
    '/readyz': (request) =>
      draining
        ? reply(request, '/readyz', performance.now(), 503, '{"status":"draining"}')
        : reply(request, '/readyz', performance.now(), 200, '{"status":"ready"}'),
    '/metrics': (request) =>
      reply(request, '/metrics', performance.now(), 200, metrics.render(), {
        type: 'text/plain; version=0.0.4; charset=utf-8',
      }),
  }

  /** The answer to a request no route takes: 405 on a known path, else 404. */
  const unrouted = (request: Request, since: number): Response => {
    const { method } = request
    if (method === 'CONNECT') {
      // A client that takes this server for a proxy. Bun keeps a CONNECT's connection open as a tunnel after
      // the answer unless it says Connection: close. No method is allowed on an authority: an empty Allow.
      return reply(
        request,
        'unmatched',
        since,
        405,
        errorBody('E_METHOD_NOT_ALLOWED', 'CONNECT is not served: this server is not a proxy'),
        { headers: { allow: '', connection: 'close' } },
      )
    }
    const path = pathOf(request.url)
    const allow = ALLOWED.get(path)
    if (allow !== undefined) {
      return reply(
        request,
        path,
        since,
        405,
        errorBody('E_METHOD_NOT_ALLOWED', `${path} does not take ${method}; it takes ${allow}`),
        { headers: { allow } },
      )
    }
    return reply(
      request,
      'unmatched',
      since,
      404,
      errorBody('E_NOT_FOUND', `no route ${method} ${path}; GET /docs lists them`),
    )
  }

  // Each handler takes its own start time: an onRequest hook would do it for all, but costs a fifth of the
  // throughput of POST /output (measured with wrk). An unmatched request is timed from its error handler.
  const app = new Elysia({ normalize: false })
    .onError(({ code, error, request }) => {
      const since = performance.now()
      return code === 'NOT_FOUND' ? unrouted(request, since) : failure(request, 'unmatched', since, error)
    })
    .post(
      '/output',
      async ({ request }) => {
        const since = performance.now()
        try {
          const objects = readBody(await readLimited(request, options.maxBodyBytes))
          const outputs = predict(objects)
          if (!(outputs instanceof Promise)) return reply(request, '/output', since, 200, outputBody(outputs))
          const served = await outputs
          // Batched: the client may have gone while its objects waited for company.
          if (request.signal.aborted) return abandoned(request, '/output')
          return reply(request, '/output', since, 200, outputBody(served))
        } catch (error) {
          return failure(request, '/output', since, error)
        }
      },
      { parse: 'none' },
    ) as unknown as Elysia
  // Elysia answers HEAD only where a HEAD route exists (Bun's own routing, which served it, is not used).
  for (const route of GET_ROUTES) {
    const answer = answers[route]
    app.get(route, ({ request }) => answer(request)).head(route, ({ request }) => answer(request))
  }

  return {
    app,
    fetch: (request) => app.fetch(withRoutableUrl(request)),
    metrics,
    drain: () => {
      draining = true
    },
  }
}

/**
 * `request`, with a URL Elysia can route. Elysia 1.4 finds the path at the first `/` from the 12th character
 * on, which misses it when the host is shorter than 4 characters (`Host: x` gives `http://x/output`, routed
 * as not found) or absent (an HTTP/1.0 request without `Host`, whose URL is only its path).
 */
const withRoutableUrl = (request: Request): Request => {
  const { url } = request
  const pathStart = url.indexOf('/', url.indexOf('//') + 2)
  if (pathStart >= 11) return request
  const path = url.startsWith('/') ? url : pathStart === -1 ? '/' : url.slice(pathStart)
  return new Request(`http://localhost${path}`, request)
}

const tooLarge = (size: string, maxBytes: number): BadRequest =>
  new BadRequest(413, 'request body too large', [
    { path: '', message: `${size} bytes, more than the limit of ${maxBytes}` },
  ])

/**
 * The request body, refusing to read more than `maxBytes` (a `content-length` that says more is refused
 * before reading; a body without one is cut off as soon as it passes the limit).
 *
 * @throws BadRequest 413.
 */
const readLimited = (request: Request, maxBytes: number): Promise<Uint8Array> => {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) throw tooLarge(String(declared), maxBytes)
  // A declared length within the limit is read at once (Bun holds the body to it); streaming part by part is
  // for bodies that do not say how long they are, and costs a third of the throughput on small requests.
  return Number.isFinite(declared) ? request.bytes() : readStreamed(request, maxBytes)
}

/** A body of unknown length, part by part. */
const readStreamed = async (request: Request, maxBytes: number): Promise<Uint8Array> => {
  // `request.body` is only touched here: making its stream costs a tenth of a small request's time.
  if (request.body === null) return new Uint8Array(0)
  const parts: Uint8Array[] = []
  let size = 0
  for await (const part of request.body) {
    size += part.byteLength
    if (size > maxBytes) throw tooLarge(`at least ${size}`, maxBytes)
    parts.push(part)
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts)
}
