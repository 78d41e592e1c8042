/**
 * @module app
 * The Elysia app of `hypergol serve` (RUNTIME.md §8): `POST /output` and the endpoints around it. Every
 * response, errors included, carries `X-Model-Long-Name` and `X-Process-Time`; bad input is a 4xx naming
 * each failing path, never a 500; a failure of the model's code is a 500 naming the method that failed,
 * and the server keeps serving. `createServeApp` opens no port (tests call `app.handle`); the `serve`
 * command listens.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { Elysia } from 'elysia'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { exampleOf } from '../data/example-of.ts'
import { schemaOfDataClass } from '../data/typebox-schema.ts'
import { HypergolError, httpStatusOf } from '../errors.ts'
import { getLogger } from '../logger.ts'
import type { JsonValue } from '../model/json-value.ts'
import { createBatcher, type Predict } from './batcher.ts'
import { docsPage } from './docs-page.ts'
import { ServeMetrics } from './metrics.ts'
import { openApiDocument } from './openapi.ts'
import { BadRequest, type BodyLimits, createBodyReader, type Problem } from './request-body.ts'

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
}

/** A serving app and its controls. */
export interface ServeApp {
  app: Elysia
  metrics: ServeMetrics
  /** From now on `GET /readyz` answers 503, so that load balancers stop sending requests. */
  drain(): void
}

const JSON_TYPE = 'application/json'

/** The JSON body of an error response. */
const errorBody = (error: string, message: string, details: Problem[] = []): string =>
  JSON.stringify({ error, message, details })

/** Builds the app serving `model`. */
export const createServeApp = (model: AppModel, options: ServeAppOptions): ServeApp => {
  const metrics = new ServeMetrics(model.longName, model.step)
  const readBody = createBodyReader(model.inputClass, options)
  const outputCheck = TypeCompiler.Compile(schemaOfDataClass(model.outputClass))
  const predict = createBatcher(model.predict, {
    maxBatch: options.maxBatch,
    maxWaitMs: options.maxWaitMs,
    onBatch: (size, seconds) => metrics.observeBatch(size, seconds),
  })
  let draining = false

  /** The response, timed from `since` (the handler's start) and counted in the metrics. */
  const reply = (
    request: Request,
    route: string,
    since: number,
    status: number,
    body: string,
    type = JSON_TYPE,
  ) => {
    const seconds = (performance.now() - since) / 1000
    metrics.observeRequest(route, request.method, status, seconds)
    return new Response(body, {
      status,
      headers: {
        'content-type': type,
        'x-model-long-name': model.longName,
        'x-process-time': String(seconds),
      },
    })
  }

  const failure = (request: Request, route: string, since: number, error: unknown): Response => {
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

  /** Output objects as the response body, each checked against the output class's schema. */
  const outputBody = (outputs: BaseData[]): string => {
    const data = outputs.map((output) => output.toData())
    // Check is compiled and fast; Errors, which walks the whole schema, only runs for an object that fails.
    for (const [index, item] of data.entries()) {
      if (outputCheck.Check(item)) continue
      const wrong = outputCheck.Errors(item).First()
      throw new HypergolError(
        'E_SERVING_FAILED',
        `${model.modelName}: processOutputBatch made an object that does not fit ${model.outputClass.name}: object ${index}, ${wrong?.path || '(root)'}: ${wrong?.message}`,
        { hint: 'Fix processOutputBatch.' },
      )
    }
    return JSON.stringify(data)
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
  const docs = docsPage(
    title,
    model.longName,
    JSON.stringify([exampleOf(model.inputClass).toData()], null, 2),
  )
  const lineage = JSON.stringify(model.lineage)

  // Each handler takes its own start time: an onRequest hook would do it for all, but costs a fifth of the
  // throughput of POST /output (measured with wrk). An unmatched request is timed from its error handler.
  const app = new Elysia({ normalize: false })
    .onError(({ code, error, request }) => {
      const since = performance.now()
      if (code === 'NOT_FOUND') {
        const url = new URL(request.url)
        return reply(
          request,
          'unmatched',
          since,
          404,
          errorBody('E_NOT_FOUND', `no route ${request.method} ${url.pathname}; GET /docs lists them`),
        )
      }
      return failure(request, 'unmatched', since, error)
    })
    .get('/', ({ request }) => reply(request, '/', performance.now(), 200, root))
    .post(
      '/output',
      async ({ request }) => {
        const since = performance.now()
        try {
          const objects = readBody(await readLimited(request, options.maxBodyBytes))
          const outputs = predict(objects)
          const served = outputs instanceof Promise ? await outputs : outputs
          return reply(request, '/output', since, 200, outputBody(served))
        } catch (error) {
          return failure(request, '/output', since, error)
        }
      },
      { parse: 'none' },
    )
    .get('/openapi.json', ({ request }) => reply(request, '/openapi.json', performance.now(), 200, openapi))
    .get('/docs', ({ request }) =>
      reply(request, '/docs', performance.now(), 200, docs, 'text/html; charset=utf-8'),
    )
    .get('/lineage', ({ request }) => reply(request, '/lineage', performance.now(), 200, lineage))
    .get('/healthz', ({ request }) =>
      reply(request, '/healthz', performance.now(), 200, '{"status":"alive"}'),
    )
    .get('/readyz', ({ request }) =>
      draining
        ? reply(request, '/readyz', performance.now(), 503, '{"status":"draining"}')
        : reply(request, '/readyz', performance.now(), 200, '{"status":"ready"}'),
    )
    .get('/metrics', ({ request }) =>
      reply(
        request,
        '/metrics',
        performance.now(),
        200,
        metrics.render(),
        'text/plain; version=0.0.4; charset=utf-8',
      ),
    )

  return {
    app: app as unknown as Elysia,
    metrics,
    drain: () => {
      draining = true
    },
  }
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
