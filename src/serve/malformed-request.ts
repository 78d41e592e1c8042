/**
 * @module malformed-request
 * The answer to a request that does not parse as HTTP/1.x, written to the socket whole (no handler runs for
 * it): the status the problem calls for, the model's headers and a JSON error like every other answer, then
 * the connection closes.
 */
import type { ParseFailure } from './listen.ts'
import { errorBody, JSON_TYPE } from './responses.ts'

/** The status, error code and message of an answer to a request that does not parse. */
export interface MalformedAnswer {
  status: 400 | 431 | 501 | 505
  error: string
  message: string
}

const REASONS = {
  400: 'Bad Request',
  431: 'Request Header Fields Too Large',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
} as const

/** A request line that is well formed but for its method: `FOO / HTTP/1.1`. */
const REQUEST_LINE = /^[!#$%&'*+.^_`|~\w-]+ \S+ HTTP\/1\.[01]\r?\n/

/** What to answer to `failure` (Node's `HPE_…` codes, as Bun's node:http reports them). */
export const answerOf = (failure: ParseFailure): MalformedAnswer => {
  switch (failure.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        error: 'E_HEADERS_TOO_LARGE',
        message: 'the request line and headers are too large',
      }
    case 'HPE_INVALID_VERSION':
      return {
        status: 505,
        error: 'E_HTTP_VERSION_NOT_SUPPORTED',
        message: 'the request is not HTTP/1.0 or HTTP/1.1',
      }
    case 'HPE_INVALID_METHOD': {
      const start = new TextDecoder().decode((failure.rawPacket ?? new Uint8Array()).slice(0, 1024))
      if (REQUEST_LINE.test(start)) {
        const method = start.slice(0, start.indexOf(' '))
        return {
          status: 501,
          error: 'E_METHOD_NOT_IMPLEMENTED',
          message: `${method} is not an HTTP method this server implements`,
        }
      }
      return { status: 400, error: 'E_BAD_REQUEST', message: 'malformed HTTP request line' }
    }
    default:
      return {
        status: 400,
        error: 'E_BAD_REQUEST',
        message: `malformed HTTP request (${failure.message.replace(/^Parse Error:?\s*/, '') || failure.code})`,
      }
  }
}

/** The whole HTTP response for `answer`, from the server of the model `longName`. */
export const renderMalformedResponse = (answer: MalformedAnswer, longName: string): string => {
  const body = errorBody(answer.error, answer.message)
  return [
    `HTTP/1.1 ${answer.status} ${REASONS[answer.status]}`,
    `Content-Type: ${JSON_TYPE}`,
    `X-Model-Long-Name: ${longName}`,
    'X-Process-Time: 0',
    `Date: ${new Date().toUTCString()}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n')
}
