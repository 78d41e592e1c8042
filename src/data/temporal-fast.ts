/**
 * @module temporal-fast
 * Reading the naive forms `isoformat()` writes (FORMAT.md §6) digit by digit, for the dataset readers: the
 * general parsers go through regular expressions and the constructors build a message on every call, which
 * together cost more than parsing the rest of a line. Everything else (an offset, `Z`, another separator,
 * a short form, a non-digit, a field out of range) is left to the general parsers, so results and errors
 * are always exactly those of `X.parse(text)`.
 */
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** The constructors' rules (temporal-parse.ts) for fields read from digits, so never negative. */
const isValidDate = (year: number, month: number, day: number): boolean => {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number))
}

const isValidClock = (hour: number, minute: number, second: number): boolean =>
  hour <= 23 && minute <= 59 && second <= 59

/** The number in `bytes[start, start + length)`, or -1 when a byte there is not an ASCII digit. */
const digitsAt = (bytes: Uint8Array, start: number, length: number): number => {
  let value = 0
  for (let i = start; i < start + length; i++) {
    const digit = (bytes[i] as number) - 48
    if (!(digit >= 0 && digit <= 9)) return -1
    value = value * 10 + digit
  }
  return value
}

type Writable<T> = { -readonly [K in keyof T]: T[K] }

// The instances below are made as the constructors make them (same prototype, same own properties in the
// same order: see the field lists of the classes in temporal.ts) but without their checks, done above.
// A unit test compares them with constructed ones.

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]` in `bytes[start, end)` with valid fields, or `undefined`. */
export const readDateTime = (bytes: Uint8Array, start: number, end: number): DateTime | undefined => {
  const length = end - start
  if (length !== 19 && length !== 26) return undefined
  const b = start
  if (bytes[b + 4] !== 45 || bytes[b + 7] !== 45 || bytes[b + 10] !== 84) return undefined
  if (bytes[b + 13] !== 58 || bytes[b + 16] !== 58) return undefined
  const microsecond = length === 19 ? 0 : bytes[b + 19] === 46 ? digitsAt(bytes, b + 20, 6) : -1
  const year = digitsAt(bytes, b, 4)
  const month = digitsAt(bytes, b + 5, 2)
  const day = digitsAt(bytes, b + 8, 2)
  const hour = digitsAt(bytes, b + 11, 2)
  const minute = digitsAt(bytes, b + 14, 2)
  const second = digitsAt(bytes, b + 17, 2)
  if ((year | month | day | hour | minute | second | microsecond) < 0) return undefined
  if (!isValidDate(year, month, day) || !isValidClock(hour, minute, second)) return undefined
  const value = Object.create(DateTime.prototype) as Writable<DateTime>
  value.year = year
  value.month = month
  value.day = day
  value.hour = hour
  value.minute = minute
  value.second = second
  value.microsecond = microsecond
  value.offsetMicroseconds = null
  return value
}

/** `YYYY-MM-DD` in `bytes[start, end)` with valid fields, or `undefined`. */
export const readDate = (bytes: Uint8Array, start: number, end: number): CalendarDate | undefined => {
  if (end - start !== 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return undefined
  const year = digitsAt(bytes, start, 4)
  const month = digitsAt(bytes, start + 5, 2)
  const day = digitsAt(bytes, start + 8, 2)
  if ((year | month | day) < 0 || !isValidDate(year, month, day)) return undefined
  const value = Object.create(CalendarDate.prototype) as Writable<CalendarDate>
  value.year = year
  value.month = month
  value.day = day
  return value
}

/** `HH:MM:SS[.ffffff]` in `bytes[start, end)` with valid fields, or `undefined`. */
export const readTime = (bytes: Uint8Array, start: number, end: number): TimeOfDay | undefined => {
  const length = end - start
  if ((length !== 8 && length !== 15) || bytes[start + 2] !== 58 || bytes[start + 5] !== 58) return undefined
  const microsecond = length === 8 ? 0 : bytes[start + 8] === 46 ? digitsAt(bytes, start + 9, 6) : -1
  const hour = digitsAt(bytes, start, 2)
  const minute = digitsAt(bytes, start + 3, 2)
  const second = digitsAt(bytes, start + 6, 2)
  if ((hour | minute | second | microsecond) < 0 || !isValidClock(hour, minute, second)) return undefined
  const value = Object.create(TimeOfDay.prototype) as Writable<TimeOfDay>
  value.hour = hour
  value.minute = minute
  value.second = second
  value.microsecond = microsecond
  value.offsetMicroseconds = null
  return value
}

/** The text as bytes when it is short ASCII (other units could pose as digits once truncated), or `undefined`. */
const asciiBytesOf = (text: string): Uint8Array | undefined => {
  if (text.length > 26) return undefined
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code > 0x7f) return undefined
    bytes[i] = code
  }
  return bytes
}

/**
 * Same as `DateTime.parse(text)`; fast for naive `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
 *
 * @throws HypergolError E_TEMPORAL_FORMAT, from `DateTime.parse`.
 */
export const parseDateTime = (text: string): DateTime => {
  const bytes = asciiBytesOf(text)
  return (bytes && readDateTime(bytes, 0, bytes.length)) ?? DateTime.parse(text)
}

/**
 * Same as `CalendarDate.parse(text)`; fast for `YYYY-MM-DD`.
 *
 * @throws HypergolError E_TEMPORAL_FORMAT, from `CalendarDate.parse`.
 */
export const parseDate = (text: string): CalendarDate => {
  const bytes = asciiBytesOf(text)
  return (bytes && readDate(bytes, 0, bytes.length)) ?? CalendarDate.parse(text)
}

/**
 * Same as `TimeOfDay.parse(text)`; fast for naive `HH:MM:SS[.ffffff]`.
 *
 * @throws HypergolError E_TEMPORAL_FORMAT, from `TimeOfDay.parse`.
 */
export const parseTime = (text: string): TimeOfDay => {
  const bytes = asciiBytesOf(text)
  return (bytes && readTime(bytes, 0, bytes.length)) ?? TimeOfDay.parse(text)
}
