/**
 * @module serve
 * `hypergol serve CHECKPOINT_DIR`: serves a trained checkpoint over HTTP (see `src/serve/`), from the
 * project directory, until SIGTERM (drain, then stop) or Ctrl-C (stop without the drain window); either
 * answers every request received before the port closes. A second signal stops at once.
 */
import { defineCommand } from 'citty'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { dataDirArg, strictArg } from './args.ts'
import { parseCount, parsePositiveCount, parseSeconds } from './parse-count.ts'

export default defineCommand({
  meta: {
    name: 'serve',
    description: 'Serve a trained model over HTTP: POST /output, /docs, /metrics, /lineage',
  },
  args: {
    checkpoint: {
      type: 'positional',
      description: 'The checkpoint directory (…/models/<ModelName>/<step>)',
      valueHint: 'CHECKPOINT_DIR',
      required: true,
    },
    port: { type: 'string', description: 'The port (0: any free one)', default: '8000', valueHint: 'N' },
    host: {
      type: 'string',
      description: 'The address to listen on (0.0.0.0: every interface)',
      default: '127.0.0.1',
      valueHint: 'ADDRESS',
    },
    maxBatch: {
      type: 'string',
      description: 'Combine concurrent requests into model calls of up to N objects (default: no batching)',
      valueHint: 'N',
    },
    maxWaitMs: {
      type: 'string',
      description: 'With --max-batch: how long a request waits for others (default: 2)',
      valueHint: 'MS',
    },
    maxItems: {
      type: 'string',
      description: 'Most objects in one request',
      default: '1000',
      valueHint: 'N',
    },
    maxBodyMb: {
      type: 'string',
      description: 'Largest request body, in MiB',
      default: '10',
      valueHint: 'MIB',
    },
    drainSeconds: {
      type: 'string',
      description:
        'On SIGTERM: how long GET /readyz answers 503 while requests are still taken, before the port closes',
      default: '5',
      valueHint: 'SECONDS',
    },
    ...strictArg,
    ...dataDirArg,
  },
  async run({ args }) {
    const port = parseCount(args.port, '--port')
    if (port > 65535) throw new HypergolError('E_USAGE', `--port must be at most 65535, got ${port}`)
    if (args.maxWaitMs !== undefined && args.maxBatch === undefined) {
      throw new HypergolError('E_USAGE', '--max-wait-ms needs --max-batch', {
        hint: 'Pass --max-batch N to combine concurrent requests into model calls of up to N objects.',
      })
    }
    const drainSeconds = parseSeconds(args.drainSeconds, '--drain-seconds', { allowZero: true })
    const { startServer } = await import('../serve/server.ts')
    const server = await startServer(args.checkpoint, {
      port,
      host: args.host,
      maxItems: parsePositiveCount(args.maxItems, '--max-items'),
      maxBodyBytes: parsePositiveCount(args.maxBodyMb, '--max-body-mb') * 1024 * 1024,
      maxBatch: args.maxBatch === undefined ? undefined : parsePositiveCount(args.maxBatch, '--max-batch'),
      maxWaitMs: args.maxWaitMs === undefined ? undefined : parseCount(args.maxWaitMs, '--max-wait-ms'),
      dataDir: args.dataDir,
      strict: args.strict,
    })
    const logger = getLogger()
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signal === 'SIGTERM') {
        logger.info(
          `SIGTERM: draining for ${drainSeconds} s (GET /readyz answers 503), then answering the requests in flight and stopping`,
        )
        void server.shutdown(drainSeconds)
      } else {
        logger.info(`${signal}: answering the requests in flight, then stopping (again to stop at once)`)
        void server.shutdown(0)
      }
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      const stopNow = (again: NodeJS.Signals): void => {
        logger.warn(`${again}: stopping now; requests in flight are cut off`)
        process.exitCode = 130
        void server.stopNow()
      }
      process.once('SIGINT', stopNow)
      process.once('SIGTERM', stopNow)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      // Rejects when loading the model fails (the port is closed by then).
      await server.closed
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  },
})
