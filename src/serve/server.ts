/**
 * @module server
 * `hypergol serve`'s server. It reads the checkpoint, listens at once (so that `/healthz` answers while the
 * model loads, and `/readyz` says 503 until it is ready), loads the checkpoint with the project's code, warms
 * the model up with one example request, then answers with the app. `shutdown` drains: `/readyz` turns 503
 * while the port still accepts for the drain window, then the port closes and the requests in flight are
 * answered.
 */
import { resolve } from 'node:path'
import pkg from '../../package.json' with { type: 'json' }
import { exampleOf } from '../data/example-of.ts'
import { getLogger } from '../logger.ts'
import { readCheckpoint } from '../model/checkpoint.ts'
import { createServeApp } from './app.ts'
import { type Listener, type ListenOptions, listen } from './listen.ts'
import { answerOf, renderMalformedResponse } from './malformed-request.ts'
import { ServeMetrics } from './metrics.ts'
import { errorBody, JSON_TYPE } from './responses.ts'
import { lineageBodyOf, loadServedModel } from './served-model.ts'
import { createStartingApp } from './starting-app.ts'

/** Options of {@link startServer}. */
export interface ServerOptions {
  port: number
  host: string
  maxItems: number
  maxBodyBytes: number
  maxBatch?: number
  maxWaitMs?: number
  /** The project directory. @default the working directory */
  projectDir?: string
  dataDir?: string
  /** How long a connection may stay idle, in seconds. @default 30 */
  idleTimeoutSeconds?: number
  /** Refuse a checkpoint whose training code changed since it trained, rather than warn. @default false */
  strict?: boolean
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound (for `--port 0`). */
  url: string
  longName: string
  /** Requests received and not answered yet. */
  readonly pendingRequests: number
  /**
   * Resolves once the server has stopped; rejects with the error of loading the model, after closing the
   * port, when that fails.
   */
  closed: Promise<void>
  /**
   * Drains for `drainSeconds` (`/readyz` answers 503, requests are still accepted and answered), then closes
   * the port and answers the requests in flight. Resolves once stopped.
   */
  shutdown(drainSeconds: number): Promise<void>
  /** Closes the port and every connection at once, cutting off the requests in flight. */
  stopNow(): Promise<void>
}

/** Two turns of the event loop: one to accept the connections that have arrived, one to read them. */
const afterPendingReads = (): Promise<void> => new Promise((done) => setImmediate(() => setImmediate(done)))

/**
 * Listens on `options.host:port` for the model `longName`: `fetch` answers the requests that parse; the
 * others, and a `fetch` that throws, get a JSON error with the model's headers.
 *
 * @throws HypergolError E_ADDRESS_IN_USE, or E_INVALID_ARGUMENT naming the host or port and the cause.
 */
export const listenForModel = (
  longName: string,
  metrics: ServeMetrics,
  options: Pick<ListenOptions, 'host' | 'port' | 'fetch' | 'idleTimeoutSeconds'>,
): Promise<Listener> =>
  listen({
    ...options,
    refuse: (failure) => {
      const answer = answerOf(failure)
      metrics.observeMalformed(answer.status)
      return renderMalformedResponse(answer, longName)
    },
    error: (error) => {
      getLogger().error(error instanceof Error ? (error.stack ?? error.message) : String(error))
      return new Response(errorBody('E_INTERNAL', 'internal error; see the server log'), {
        status: 500,
        headers: { 'content-type': JSON_TYPE, 'x-model-long-name': longName, 'x-process-time': '0' },
      })
    },
  })

/**
 * Listens on `options.host:port` and serves the checkpoint at `checkpointDir` once it is loaded, until
 * stopped.
 *
 * @throws HypergolError E_CHECKPOINT_INVALID (not a checkpoint) before listening; E_ADDRESS_IN_USE or
 *   E_INVALID_ARGUMENT (an unusable host or port). Errors of loading the model reject `closed`.
 */
export const startServer = async (checkpointDir: string, options: ServerOptions): Promise<RunningServer> => {
  const logger = getLogger()
  const files = readCheckpoint(resolve(checkpointDir))
  const { longName, step } = files.signature
  const metrics = new ServeMetrics(longName, step)
  const starting = createStartingApp(longName, metrics)
  let answering: { drain(): void } = starting
  const listener = await listenForModel(longName, metrics, {
    host: options.host,
    port: options.port,
    fetch: starting.fetch,
    idleTimeoutSeconds: options.idleTimeoutSeconds ?? 30,
  })
  const address = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${listener.port}`
  const url = `http://${address}`
  logger.info(`listening on ${address}; loading ${checkpointDir} (GET /readyz answers 200 once it is ready)`)

  let stopRequested = false
  let stoppedAtOnce = false
  const { promise: stopped, resolve: onStopped } = Promise.withResolvers<void>()
  const interruptDrain = new AbortController()

  const serve = async (): Promise<void> => {
    const served = await loadServedModel(checkpointDir, {
      projectDir: options.projectDir,
      dataDir: options.dataDir,
      files,
      strict: options.strict,
    })
    try {
      // The first call compiles the WASM kernels; better here than in a user's first request.
      served.predict([exampleOf(served.inputClass)])
    } catch (error) {
      // exampleOf's values need not suit the model (a vector of the wrong length); the server is still fine.
      logger.debug(
        `the warm-up request (an example ${served.inputClass.name}) failed: ${(error as Error).message}`,
      )
    }
    if (stopRequested) return
    const app = createServeApp(
      {
        modelName: served.model.modelName,
        longName,
        step,
        inputClass: served.inputClass,
        outputClass: served.outputClass,
        predict: served.predict,
        lineage: lineageBodyOf(files.signature),
      },
      {
        version: pkg.version,
        maxItems: options.maxItems,
        maxBodyBytes: options.maxBodyBytes,
        maxBatch: options.maxBatch,
        maxWaitMs: options.maxWaitMs,
        metrics,
      },
    )
    listener.swap(app.fetch)
    answering = app
    logger.info(`serving ${longName} at ${url} (API page: ${url}/docs)`)
  }

  const closed = serve().then(
    () => stopped,
    async (error: unknown) => {
      // Stopping anyway: the reason it was stopped matters, not that loading did not finish.
      if (stopRequested) return stopped
      await listener.stop(true)
      throw error
    },
  )

  const shutdown = (drainSeconds: number): Promise<void> => {
    if (stopRequested) return stopped
    stopRequested = true
    answering.drain()
    void (async () => {
      // The port still accepts during the drain: load balancers need a moment to see /readyz turn 503.
      if (drainSeconds > 0) {
        await Promise.race([
          Bun.sleep(drainSeconds * 1000),
          new Promise((done) => interruptDrain.signal.addEventListener('abort', done)),
        ])
      }
      if (stoppedAtOnce) return
      // What has reached the socket before the port closes is read, so that its requests are answered.
      await afterPendingReads()
      await listener.stop(false)
      onStopped()
    })()
    return stopped
  }

  return {
    url,
    longName,
    get pendingRequests() {
      return listener.pendingRequests
    },
    closed,
    shutdown,
    stopNow: async () => {
      stopRequested = true
      stoppedAtOnce = true
      interruptDrain.abort()
      await listener.stop(true)
      onStopped()
    },
  }
}
