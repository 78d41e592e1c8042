/**
 * @module parse-count
 * Parsing whole-number flags (`--limit 10`), with a message that names the flag and the value given.
 */
import { HypergolError } from '../errors.ts'

/** Parses a whole number ≥ 0. @throws HypergolError E_USAGE naming the flag. */
export const parseCount = (value: string, flag: string): number => {
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(count)) {
    throw new HypergolError('E_USAGE', `${flag} expects a whole number ≥ 0, got ${JSON.stringify(value)}`)
  }
  return count
}

/** Parses a whole number ≥ 1. @throws HypergolError E_USAGE naming the flag. */
export const parsePositiveCount = (value: string, flag: string): number => {
  const count = parseCount(value, flag)
  if (count === 0) throw new HypergolError('E_USAGE', `${flag} must be at least 1, got 0`)
  return count
}

/**
 * Parses a number of seconds > 0 (or ≥ 0 with `allowZero`), decimals allowed (`--job-timeout 0.5`).
 *
 * @throws HypergolError E_USAGE naming the flag.
 */
export const parseSeconds = (value: string, flag: string, { allowZero = false } = {}): number => {
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN
  if (!((allowZero ? seconds >= 0 : seconds > 0) && Number.isFinite(seconds))) {
    throw new HypergolError(
      'E_USAGE',
      `${flag} expects a number of seconds ${allowZero ? '≥ 0' : '> 0'}, got ${JSON.stringify(value)}`,
    )
  }
  return seconds
}
