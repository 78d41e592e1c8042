/**
 * @module listen-error
 * Why `hypergol serve` cannot listen on `--host`/`--port`, as one line naming the address and the cause in
 * words (`cannot listen on 10.9.9.9:8000: 10.9.9.9 is not an address of this machine`), with the addresses
 * it could use in the hint, never a stack trace.
 */
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import { HypergolError } from '../errors.ts'

/** This machine's addresses, for the hint. */
const localAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address)

const HOST_HINT = (): string =>
  `Pass --host 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of its addresses: ${localAddresses().join(', ')}.`

/**
 * Why `host` is not an address to listen on, when Bun says only EINVAL (it does so for a name that does not
 * resolve as for `999.1.1.1`).
 */
const describeBadHost = async (host: string): Promise<string> => {
  if (/^[\d.]+$/.test(host)) return `${host} is not an IPv4 address (four numbers from 0 to 255)`
  if (/^\w+:\/\/|\//.test(host)) return `${host} is a URL; --host takes a host name or an address`
  const withPort = /^(.*):(\d+)$/.exec(host)
  if (withPort !== null && isIP(withPort[1] as string) !== 0) {
    return `${host} includes a port; give the port with --port`
  }
  try {
    await lookup(host)
  } catch (error) {
    return `${host} is not a host name this machine can resolve (${(error as { code?: string }).code ?? 'lookup failed'})`
  }
  return `${host} resolves, but not to an address this machine can listen on`
}

/**
 * The {@link HypergolError} for a failure to listen on `host:port`.
 *
 * @returns E_ADDRESS_IN_USE (exit 3) for a port another process holds, E_INVALID_ARGUMENT (exit 2) for a
 *   host or port that cannot be used, E_IO for another failure of the system, or `error` itself when it is
 *   not one.
 */
export const listenErrorOf = async (error: unknown, host: string, port: number): Promise<unknown> => {
  const code = (error as { code?: unknown } | undefined)?.code
  const address = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`
  switch (code) {
    case 'EADDRINUSE':
      return new HypergolError('E_ADDRESS_IN_USE', `${address} is already in use`, {
        cause: error,
        hint: 'Stop the other server, or pass another --port.',
      })
    case 'EADDRNOTAVAIL':
      return new HypergolError(
        'E_INVALID_ARGUMENT',
        `cannot listen on ${address}: ${host} is not an address of this machine`,
        { cause: error, hint: HOST_HINT() },
      )
    case 'EINVAL':
    // Bun 1.4.5 reports a host name that does not resolve, and `999.1.1.1`, as ENOTTY.
    case 'ENOTTY':
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_AGAIN':
      return new HypergolError(
        'E_INVALID_ARGUMENT',
        `cannot listen on ${address}: ${await describeBadHost(host)}`,
        {
          cause: error,
          hint: HOST_HINT(),
        },
      )
    case 'EACCES':
    case 'EPERM':
      return new HypergolError(
        'E_INVALID_ARGUMENT',
        `cannot listen on ${address}: permission denied${port < 1024 ? ' (ports below 1024 need privileges)' : ''}`,
        { cause: error, hint: 'Pass a --port of 1024 or more.' },
      )
    default:
      if (typeof code !== 'string') return error
      return new HypergolError(
        'E_IO',
        `cannot listen on ${address}: ${(error as Error).message.replace(/, listen$/, '')} (${code})`,
        { cause: error, hint: HOST_HINT() },
      )
  }
}
