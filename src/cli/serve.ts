/**
 * @module serve
 * `hypergol serve CHECKPOINT_DIR`: serves a trained checkpoint over HTTP (see `src/serve/`), from the
 * project directory, until Ctrl-C or SIGTERM, which stop it gracefully.
 */
import { defineCommand } from 'citty'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { dataDirArg } from './args.ts'
import { parseCount, parsePositiveCount } from './parse-count.ts'

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
    const { startServer } = await import('../serve/server.ts')
    const server = await startServer(args.checkpoint, {
      port,
      host: args.host,
      maxItems: parsePositiveCount(args.maxItems, '--max-items'),
      maxBodyBytes: parsePositiveCount(args.maxBodyMb, '--max-body-mb') * 1024 * 1024,
      maxBatch: args.maxBatch === undefined ? undefined : parsePositiveCount(args.maxBatch, '--max-batch'),
      maxWaitMs: args.maxWaitMs === undefined ? undefined : parseCount(args.maxWaitMs, '--max-wait-ms'),
      dataDir: args.dataDir,
    })
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        getLogger().info(`${signal}: finishing the requests in flight, then stopping`)
        server.stop().then(resolve, resolve)
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
    })
  },
})
