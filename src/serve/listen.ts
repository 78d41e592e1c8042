/**
 * @module listen
 * The listening socket of `hypergol serve`: Bun's HTTP server, reached through `node:http` so that a request
 * Bun refuses before any handler runs (a malformed request line or header, headers too large, an HTTP
 * version other than 1.x, an unknown method) gets our answer, with the model's headers and a JSON body,
 * rather than Bun's bare `HTTP/1.1 400 Bad Request`.
 *
 * Why `node:http`: in Bun 1.4.5, `Bun.serve` writes those answers itself (uWS's `httpErrorResponses`) and
 * offers no hook; its `error` option only sees exceptions of `fetch`. Bun's `node:http` server is the same
 * `Bun.serve` underneath, with a `clientError` event that can write the answer instead. Its per-request path
 * (IncomingMessage, ServerResponse) costs about half the throughput, so once listening, the underlying server
 * is handed our `fetch` with `reload`, which Bun then calls as it would for `Bun.serve`: the same
 * throughput (measured with wrk, README "Performance"). Reaching that server relies on where Bun 1.4.5's
 * `node:http` keeps it (`Symbol.for('::bunternal::')`); the binary pins its Bun, and the serving tests (raw
 * sockets) fail if a later Bun changes it. Drop this for plain `Bun.serve` once Bun lets its handlers answer
 * requests that do not parse.
 */
import { createServer } from 'node:http'
import type { Socket } from 'node:net'
import type { Server } from 'bun'
import { getLogger } from '../logger.ts'
import { listenErrorOf } from './listen-error.ts'

/** Answers a request that parsed. */
export type Fetch = (request: Request) => Response | Promise<Response>

/** A request that did not parse: Node's `HPE_…` code and message, and the bytes received. */
export interface ParseFailure {
  code: string
  message: string
  /** What the client sent (its start, when the headers were too large). */
  rawPacket?: ArrayBuffer | Uint8Array
}

/** Options of {@link listen}. */
export interface ListenOptions {
  host: string
  port: number
  /** Answers every request that parses, until {@link Listener.swap}. */
  fetch: Fetch
  /** The whole HTTP response (status line, headers, body) to a request that does not parse. */
  refuse: (failure: ParseFailure) => string
  /** The answer when `fetch` throws (it should not). */
  error: (error: unknown) => Response
  /** How long a connection may stay idle (no request, or a stalled body), in seconds. */
  idleTimeoutSeconds: number
}

/** A listening server. */
export interface Listener {
  /** The port bound (the one asked for, or a free one for port 0). */
  port: number
  /** Answers requests with `fetch` from now on; requests already being answered finish as they were. */
  swap(fetch: Fetch): void
  /** Requests received and not yet answered. */
  readonly pendingRequests: number
  /**
   * Closes the listening socket and resolves once every connection is closed: idle ones at once, the others
   * once their request is answered, or at once when `closeActiveConnections`.
   */
  stop(closeActiveConnections: boolean): Promise<void>
}

/** Where Bun 1.4.5's `node:http` server keeps its `Bun.serve` server (src/js/node/_http_server.ts). */
const BUN_SERVER = Symbol.for('::bunternal::')

const isBunServer = (value: unknown): value is Server<undefined> =>
  typeof (value as { reload?: unknown } | undefined)?.reload === 'function'

/**
 * Listens on `host:port`.
 *
 * @throws HypergolError E_ADDRESS_IN_USE, or E_INVALID_ARGUMENT naming the host or port and the cause.
 */
export const listen = async (options: ListenOptions): Promise<Listener> => {
  const node = createServer({
    // A request without Host reaches fetch (HTTP/1.0 may omit it; Bun.serve serves those too), rather than
    // getting a 400 that Bun's node:http writes by itself, without our headers.
    requireHostHeader: false,
  })
  node.on('clientError', (error: Error & Partial<ParseFailure>, socket: Socket) => {
    // A client that closed its end in the middle of a request (HPE_INVALID_EOF_STATE) or reset it has gone
    // away, not sent a malformed request: its request, if it reached `fetch`, is counted as aborted there.
    if (!socket.writable || error.code === 'HPE_INVALID_EOF_STATE' || error.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    const failure = { code: error.code ?? 'HPE_INTERNAL', message: error.message, rawPacket: error.rawPacket }
    socket.end(options.refuse(failure))
  })
  // Only reached if `reload` below stopped taking requests away from node:http (a later Bun): say so at once
  // rather than leave every request hanging.
  node.on('request', (_request, response) => {
    getLogger().error('Bun handed a request to node:http: hypergol serve does not suit this Bun')
    response.writeHead(500).end()
  })
  await new Promise<void>((resolve, reject) => {
    node.once('error', reject)
    node.listen(options.port, options.host, () => {
      node.off('error', reject)
      resolve()
    })
  }).catch(async (error: unknown) => {
    throw await listenErrorOf(error, options.host, options.port)
  })
  const server = (node as unknown as { [BUN_SERVER]: unknown })[BUN_SERVER]
  if (!isBunServer(server)) {
    node.close()
    throw new Error(`this Bun's node:http keeps no Bun server under ${String(BUN_SERVER)}; update listen.ts`)
  }
  // node:http sets no idle timeout (Node has none by default); Bun.serve's default is 10 s.
  node.setTimeout(options.idleTimeoutSeconds * 1000)
  const swap = (fetch: Fetch): void => {
    server.reload({ fetch, error: options.error } as Parameters<typeof server.reload>[0])
  }
  swap(options.fetch)
  return {
    port: server.port ?? options.port,
    swap,
    get pendingRequests() {
      return server.pendingRequests
    },
    stop: (closeActiveConnections) => server.stop(closeActiveConnections),
  }
}
