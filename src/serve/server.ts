/**
 * @module server
 * `hypergol serve`'s server: loads the checkpoint with the project's code, warms the model up with one
 * example request, and listens. `stop` drains (readiness goes to 503), lets requests in flight finish and
 * closes the port.
 */
import pkg from '../../package.json' with { type: 'json' }
import { exampleOf } from '../data/example-of.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { createServeApp } from './app.ts'
import { lineageBodyOf, loadServedModel } from './served-model.ts'

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
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound (for `--port 0`). */
  url: string
  longName: string
  stop(): Promise<void>
}

/**
 * Serves the checkpoint at `checkpointDir` until stopped.
 *
 * @throws HypergolError from loading the checkpoint, or E_ADDRESS_IN_USE.
 */
export const startServer = async (checkpointDir: string, options: ServerOptions): Promise<RunningServer> => {
  const logger = getLogger()
  logger.info(`loading ${checkpointDir}`)
  const served = await loadServedModel(checkpointDir, {
    projectDir: options.projectDir,
    dataDir: options.dataDir,
  })
  const { model, signature } = served
  try {
    // The first call compiles the WASM kernels; better here than in a user's first request.
    served.predict([exampleOf(served.inputClass)])
  } catch (error) {
    // exampleOf's values need not suit the model (a vector of the wrong length); the server is still fine.
    logger.debug(
      `the warm-up request (an example ${served.inputClass.name}) failed: ${(error as Error).message}`,
    )
  }
  const { app, drain } = createServeApp(
    {
      modelName: model.modelName,
      longName: model.longName,
      step: signature.step,
      inputClass: served.inputClass,
      outputClass: served.outputClass,
      predict: served.predict,
      lineage: lineageBodyOf(signature),
    },
    {
      version: pkg.version,
      maxItems: options.maxItems,
      maxBodyBytes: options.maxBodyBytes,
      maxBatch: options.maxBatch,
      maxWaitMs: options.maxWaitMs,
    },
  )
  try {
    // Bun's own limit is only a backstop: the app refuses large bodies itself, with the usual headers.
    app.listen({
      port: options.port,
      hostname: options.host,
      // Elysia asks for SO_REUSEPORT, with which a second server on a busy port starts and silently shares
      // its requests: refuse instead. And not Bun's development mode, whose error pages are for apps.
      reusePort: false,
      development: false,
      maxRequestBodySize: options.maxBodyBytes * 2 + 1024 * 1024,
    })
  } catch (error) {
    const message = (error as Error).message
    if (/in use|EADDRINUSE/i.test(message)) {
      throw new HypergolError('E_ADDRESS_IN_USE', `${options.host}:${options.port} is already in use`, {
        hint: 'Stop the other server, or pass another --port.',
      })
    }
    throw error
  }
  const port = app.server?.port ?? options.port
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  logger.info(`serving ${model.longName} at ${url} (API page: ${url}/docs)`)
  return {
    url,
    longName: model.longName,
    stop: async () => {
      drain()
      await app.stop()
    },
  }
}
