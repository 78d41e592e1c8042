/**
 * HTTP/1.1 over a bare TCP socket, for the serving tests: what an ordinary client cannot send (malformed
 * request lines, oversized headers, CONNECT, a request cut off half-way) and what it hides (a connection
 * reset after the request was sent, told apart from a refused connection; no retries).
 */
import { connect, type Socket } from 'node:net'

/** What came back for one request. */
export interface RawAnswer {
  /** The connection was refused: nothing was sent. */
  refused: boolean
  /** The request was sent whole, then the connection was reset or closed before a whole answer came back. */
  cut: boolean
  /** The connection failed before the request was sent whole. */
  unsent: boolean
  status: number
  /** Header names in lower case. */
  headers: Map<string, string>
  body: string
}

/** Options of one request. */
export interface SendOptions {
  /** Close the connection this many ms after sending, answered or not (a client that goes away). */
  closeAfterMs?: number
  /** Give up waiting for the answer after this many ms. @default 10000 */
  timeoutMs?: number
}

const parseAnswer = (raw: Buffer) => {
  const end = raw.indexOf('\r\n\r\n')
  if (end === -1) return { complete: false, status: 0, headers: new Map<string, string>(), body: '' }
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n')
  const headers = new Map(
    lines.map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const
    }),
  )
  const body = raw.subarray(end + 4)
  return {
    complete: body.length >= Number(headers.get('content-length') ?? Number.NaN),
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: body.toString('utf8'),
  }
}

/** A connection to 127.0.0.1:`port` that sends requests one after another (keep-alive), never retrying. */
export class RawConnection {
  private readonly socket: Socket
  private readonly ready: Promise<boolean>
  private chunks: Buffer[] = []
  private onChange: (() => void) | undefined
  private failure: (Error & { code?: string }) | undefined
  private ended = false

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1')
    this.ready = new Promise((resolve) => {
      this.socket.once('connect', () => resolve(true))
      this.socket.once('error', () => resolve(false))
    })
    this.socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk)
      this.onChange?.()
    })
    this.socket.on('error', (error) => {
      this.failure = error
      this.onChange?.()
    })
    this.socket.on('close', () => {
      this.ended = true
      this.onChange?.()
    })
  }

  /** Whether the server closed the connection (or it failed): no more requests on it. */
  get closed(): boolean {
    return this.ended || this.failure !== undefined
  }

  /** Sends `request` and reads its answer. */
  async send(request: string | Buffer, options: SendOptions = {}): Promise<RawAnswer> {
    const empty = { status: 0, headers: new Map<string, string>(), body: '' }
    if (!(await this.ready)) {
      const refused = this.failure?.code === 'ECONNREFUSED'
      return { refused, cut: false, unsent: !refused, ...empty }
    }
    const written = await new Promise<boolean>((resolve) =>
      this.socket.write(request, (error) => resolve(error == null)),
    )
    if (!written) return { refused: false, cut: false, unsent: true, ...empty }
    const answer = await new Promise<ReturnType<typeof parseAnswer>>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.onChange = undefined
        resolve(parseAnswer(Buffer.concat(this.chunks)))
      }
      const timer = setTimeout(done, options.timeoutMs ?? 10_000)
      if (options.closeAfterMs !== undefined) setTimeout(() => this.socket.destroy(), options.closeAfterMs)
      this.onChange = () => {
        if (this.closed || parseAnswer(Buffer.concat(this.chunks)).complete) done()
      }
      this.onChange()
    })
    this.chunks = []
    const { complete, ...rest } = answer
    return { refused: false, cut: !complete, unsent: false, ...rest }
  }

  close(): void {
    this.ended = true
    this.socket.destroy()
  }
}

/** Sends `request` on a connection of its own and reads one answer. */
export const exchange = async (
  port: number,
  request: string | Buffer,
  options: SendOptions = {},
): Promise<RawAnswer> => {
  const connection = new RawConnection(port)
  try {
    return await connection.send(request, options)
  } finally {
    connection.close()
  }
}

/** A `POST /output` request with `body`. */
export const postRequest = (body: string, headers: string[] = []): string =>
  [
    'POST /output HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...headers,
    '',
    body,
  ].join('\r\n')
