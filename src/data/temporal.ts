/**
 * @module temporal
 * Value types for Python's `datetime`, `date` and `time` (FORMAT.md §6), used instead of JS `Date`: they keep
 * microseconds, keep naive and aware values apart, keep an aware value's own offset, and write back exactly
 * what Python's `isoformat()` writes.
 */
import { HypergolError } from '../errors.ts'
import {
  type DateFields,
  describeDateProblem,
  describeTimeProblem,
  equalDateFields,
  equalTimeFields,
  parseDateFields,
  parseDateTimeFields,
  parseTimeFields,
  renderDateFields,
  renderTimeFields,
  type TimeFields,
} from './temporal-parse.ts'

/** Fields of a new {@link DateTime}; the clock fields default to 0, the offset to `null` (naive). */
export type DateTimeOptions = DateFields & Partial<TimeFields>

/** Fields of a new {@link TimeOfDay}; every field defaults to 0, the offset to `null` (naive). */
export type TimeOfDayOptions = Partial<TimeFields>

/** Fields of a new {@link CalendarDate}. */
export type CalendarDateOptions = DateFields

/** How to read a JS `Date` into a temporal value. */
export interface FromDateOptions {
  /**
   * Read the UTC fields (a `DateTime` becomes aware, `+00:00`) instead of the local wall clock.
   * @default false
   */
  utc?: boolean
}

/** How to turn a naive value into a JS `Date`. */
export interface ToDateOptions {
  /**
   * Read a naive value as UTC instead of local time; aware values always use their own offset.
   * @default false
   */
  utc?: boolean
}

// Date.UTC maps years 0–99 to 1900–1999, so shift by one 400-year Gregorian cycle (146097 days) and back.
const MS_PER_400_YEARS = 146_097 * 86_400_000

const utcMilliseconds = (f: DateFields, hour = 0, minute = 0, second = 0, ms = 0): number =>
  Date.UTC(f.year + 400, f.month - 1, f.day, hour, minute, second, ms) - MS_PER_400_YEARS

const localMilliseconds = (f: DateFields, hour = 0, minute = 0, second = 0, ms = 0): number => {
  // setFullYear, unlike the Date constructor, takes years 0–99 literally.
  const date = new Date(2000, 0, 1)
  date.setFullYear(f.year, f.month - 1, f.day)
  return date.setHours(hour, minute, second, ms)
}

const assertValid = (type: string, problem: string | undefined): void => {
  if (problem !== undefined) throw new HypergolError('E_INVALID_ARGUMENT', `Invalid ${type}: ${problem}.`)
}

const assertValidDate = (date: Date): void => {
  if (Number.isNaN(date.getTime()))
    throw new HypergolError('E_INVALID_ARGUMENT', 'Invalid Date: its time is NaN.')
}

/**
 * A calendar date, like Python's `date`: year 1–9999, month, day.
 *
 * @example
 * CalendarDate.parse('2020-01-10').toString() // '2020-01-10'
 */
export class CalendarDate implements DateFields {
  readonly year: number
  readonly month: number
  readonly day: number

  /** @throws {HypergolError} `E_INVALID_ARGUMENT` when a field is out of range or not an integer. */
  constructor(options: CalendarDateOptions) {
    assertValid('CalendarDate', describeDateProblem(options))
    this.year = options.year
    this.month = options.month
    this.day = options.day
  }

  /**
   * Reads `YYYY-MM-DD`, what Python's `date.isoformat()` writes.
   *
   * @throws {HypergolError} `E_TEMPORAL_FORMAT` when the text has another form or a field is out of range.
   */
  static parse(text: string): CalendarDate {
    return new CalendarDate(parseDateFields(text))
  }

  /**
   * The date of a JS `Date` on the local calendar (like Python's `date.today()`), or the UTC one.
   *
   * @throws {HypergolError} `E_INVALID_ARGUMENT` for an invalid `Date` or a year outside 1–9999.
   */
  static fromDate(date: Date, options: FromDateOptions = {}): CalendarDate {
    return DateTime.fromDate(date, options).date()
  }

  /** Midnight at the start of this date, local time unless `utc` is set. */
  toDate(options: ToDateOptions = {}): Date {
    return new Date(options.utc === true ? utcMilliseconds(this) : localMilliseconds(this))
  }

  /** Whether `other` is a `CalendarDate` with the same fields. */
  equals(other: unknown): boolean {
    return other instanceof CalendarDate && equalDateFields(this, other)
  }

  /** Python's `isoformat()`: `YYYY-MM-DD`, the year zero-padded to four digits. */
  toString(): string {
    return renderDateFields(this)
  }

  /** The same text as {@link CalendarDate.toString}, so `JSON.stringify` writes the ISO form. */
  toJSON(): string {
    return renderDateFields(this)
  }
}

/**
 * A time of day, like Python's `time`: hour, minute, second, microsecond and an optional UTC offset.
 *
 * @example
 * TimeOfDay.parse('14:05:00+09:30').offsetMicroseconds // 34200000000
 */
export class TimeOfDay implements TimeFields {
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly microsecond: number
  /** The UTC offset as signed microseconds, or `null` for a naive value. */
  readonly offsetMicroseconds: number | null

  /** @throws {HypergolError} `E_INVALID_ARGUMENT` when a field is out of range or not an integer. */
  constructor(options: TimeOfDayOptions = {}) {
    const { hour = 0, minute = 0, second = 0, microsecond = 0, offsetMicroseconds = null } = options
    const fields = { hour, minute, second, microsecond, offsetMicroseconds }
    assertValid('TimeOfDay', describeTimeProblem(fields))
    this.hour = hour
    this.minute = minute
    this.second = second
    this.microsecond = microsecond
    this.offsetMicroseconds = offsetMicroseconds
  }

  /**
   * Reads `HH[:MM[:SS[.fff|.ffffff]]][±HH:MM[:SS[.ffffff]]]`, everything Python's `time.isoformat()` writes.
   * A `Z` suffix (Python 3.11+) is read as `+00:00`; it is never written.
   *
   * @throws {HypergolError} `E_TEMPORAL_FORMAT` when the text has another form or a field is out of range.
   */
  static parse(text: string): TimeOfDay {
    return new TimeOfDay(parseTimeFields(text))
  }

  /** Whether `other` is a `TimeOfDay` with the same fields and the same offset (or both naive). */
  equals(other: unknown): boolean {
    return other instanceof TimeOfDay && equalTimeFields(this, other)
  }

  /** Python's `isoformat()`: `HH:MM:SS[.ffffff][±HH:MM[:SS[.ffffff]]]`, UTC as `+00:00`. */
  toString(): string {
    return renderTimeFields(this)
  }

  /** The same text as {@link TimeOfDay.toString}, so `JSON.stringify` writes the ISO form. */
  toJSON(): string {
    return renderTimeFields(this)
  }
}

/**
 * A date and time, like Python's `datetime`: calendar and clock fields with microseconds, and an optional
 * UTC offset. Naive and aware values are different values; an aware one keeps the offset it was given.
 *
 * @example
 * const t = DateTime.parse('2019-03-04T05:06:07.000250-07:00')
 * t.microsecond // 250
 * t.toString() // '2019-03-04T05:06:07.000250-07:00'
 */
export class DateTime implements DateFields, TimeFields {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly microsecond: number
  /** The UTC offset as signed microseconds, or `null` for a naive value. */
  readonly offsetMicroseconds: number | null

  /** @throws {HypergolError} `E_INVALID_ARGUMENT` when a field is out of range or not an integer. */
  constructor(options: DateTimeOptions) {
    const { year, month, day, hour = 0, minute = 0, second = 0, microsecond = 0 } = options
    const offsetMicroseconds = options.offsetMicroseconds ?? null
    const fields = { year, month, day, hour, minute, second, microsecond, offsetMicroseconds }
    assertValid('DateTime', describeDateProblem(fields) ?? describeTimeProblem(fields))
    this.year = year
    this.month = month
    this.day = day
    this.hour = hour
    this.minute = minute
    this.second = second
    this.microsecond = microsecond
    this.offsetMicroseconds = offsetMicroseconds
  }

  /**
   * Reads everything Python's `datetime.isoformat()` writes, and what Python 3.8–3.10's `fromisoformat`
   * accepted: `YYYY-MM-DD[THH[:MM[:SS[.fff|.ffffff]]][±HH:MM[:SS[.ffffff]]]]`, any one character in place of
   * `T`. A `Z` suffix (Python 3.11+) is read as `+00:00`; it is never written.
   *
   * @throws {HypergolError} `E_TEMPORAL_FORMAT` when the text has another form or a field is out of range.
   */
  static parse(text: string): DateTime {
    return new DateTime(parseDateTimeFields(text))
  }

  /**
   * The wall-clock fields of a JS `Date`: naive local time by default (like Python's `datetime.now()`), or
   * aware UTC (`+00:00`) with `utc`.
   *
   * @throws {HypergolError} `E_INVALID_ARGUMENT` for an invalid `Date` or a year outside 1–9999.
   */
  static fromDate(date: Date, options: FromDateOptions = {}): DateTime {
    assertValidDate(date)
    return fromEpoch(date.getTime(), 0, options.utc === true)
  }

  /** The current local wall-clock time, naive, with microseconds (like Python's `datetime.now()`). */
  static now(): DateTime {
    const epochMs = performance.timeOrigin + performance.now()
    const wholeMs = Math.floor(epochMs)
    // The monotonic clock drifts from the wall clock after a sleep or a clock change: then fall back to it.
    if (Math.abs(wholeMs - Date.now()) > 1000) return fromEpoch(Date.now(), 0, false)
    return fromEpoch(wholeMs, Math.min(999, Math.floor((epochMs - wholeMs) * 1000)), false)
  }

  /** The calendar date part. */
  date(): CalendarDate {
    return new CalendarDate(this)
  }

  /** The clock part without the offset, like Python's `datetime.time()`. */
  time(): TimeOfDay {
    return new TimeOfDay({ ...this, offsetMicroseconds: null })
  }

  /** The clock part with the offset, like Python's `datetime.timetz()`. */
  timetz(): TimeOfDay {
    return new TimeOfDay(this)
  }

  /**
   * The instant as a JS `Date`, truncated to milliseconds. An aware value uses its own offset; a naive one is
   * read as local time (a wall-clock time skipped by a DST change moves forward), or as UTC with `utc`.
   */
  toDate(options: ToDateOptions = {}): Date {
    const ms = Math.floor(this.microsecond / 1000)
    const { hour, minute, second, offsetMicroseconds: offset } = this
    if (offset === null) {
      const read = options.utc === true ? utcMilliseconds : localMilliseconds
      return new Date(read(this, hour, minute, second, ms))
    }
    // Both terms are integers far below 2^53, so the floor is exact: no rounding through microseconds.
    return new Date(
      utcMilliseconds(this, hour, minute, second) + Math.floor((this.microsecond - offset) / 1000),
    )
  }

  /** Whether `other` is a `DateTime` with the same fields and offset (or both naive); not instant equality. */
  equals(other: unknown): boolean {
    return other instanceof DateTime && equalDateFields(this, other) && equalTimeFields(this, other)
  }

  /** Python's `isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff][±HH:MM[:SS[.ffffff]]]`, UTC as `+00:00`. */
  toString(): string {
    return `${renderDateFields(this)}T${renderTimeFields(this)}`
  }

  /** The same text as {@link DateTime.toString}, so `JSON.stringify` writes the ISO form. */
  toJSON(): string {
    return this.toString()
  }
}

/** A `DateTime` from epoch milliseconds plus extra microseconds: naive local fields, or aware UTC ones. */
const fromEpoch = (epochMs: number, extraMicroseconds: number, utc: boolean): DateTime => {
  const d = new Date(epochMs)
  return utc
    ? new DateTime({
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
        microsecond: d.getUTCMilliseconds() * 1000 + extraMicroseconds,
        offsetMicroseconds: 0,
      })
    : new DateTime({
        year: d.getFullYear(),
        month: d.getMonth() + 1,
        day: d.getDate(),
        hour: d.getHours(),
        minute: d.getMinutes(),
        second: d.getSeconds(),
        microsecond: d.getMilliseconds() * 1000 + extraMicroseconds,
      })
}
