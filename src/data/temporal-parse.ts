/**
 * @module temporal-parse
 * The field-level work behind the temporal types (FORMAT.md §6): reading ISO text into fields, writing fields
 * as ISO text, and the range checks that parsing and the constructors share. The accepted forms are what
 * Python's `isoformat()` writes plus what Python 3.8–3.10's `fromisoformat` accepted, and a `Z` suffix
 * (accepted by Python 3.11+) read as `+00:00`.
 */
import { HypergolError } from '../errors.ts'

/** Calendar fields of a date. */
export interface DateFields {
  /** 1–9999. */
  readonly year: number
  /** 1–12. */
  readonly month: number
  /** 1 to the length of the month (leap years included). */
  readonly day: number
}

/** Clock fields of a time of day, with its UTC offset. */
export interface TimeFields {
  /** 0–23. @default 0 */
  readonly hour: number
  /** 0–59. @default 0 */
  readonly minute: number
  /** 0–59. @default 0 */
  readonly second: number
  /** 0–999999. @default 0 */
  readonly microsecond: number
  /** The UTC offset as signed microseconds, strictly within ±24 h; `null` for a naive value. @default null */
  readonly offsetMicroseconds: number | null
}

/** The form `DateTime.parse` accepts, for error messages. */
const DATETIME_FORM = 'YYYY-MM-DD[THH[:MM[:SS[.fff|.ffffff]]][+HH:MM[:SS[.ffffff]]|Z]]'
/** The form `CalendarDate.parse` accepts, for error messages. */
const DATE_FORM = 'YYYY-MM-DD'
/** The form `TimeOfDay.parse` accepts, for error messages. */
const TIME_FORM = 'HH[:MM[:SS[.fff|.ffffff]]][+HH:MM[:SS[.ffffff]]|Z]'

/** Microseconds in a day: offsets must lie strictly between minus and plus this. */
const MICROSECONDS_PER_DAY = 86_400_000_000

// Groups: hour, minute, second, fraction (3 or 6 digits; only after the seconds).
const CLOCK_PATTERN = String.raw`(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{3}|\d{6}))?)?)?`
// Groups: sign, hour, minute, second, fraction (6 digits), `Z`.
const OFFSET_PATTERN = String.raw`(?:([+-])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{6}))?)?|(Z))`
const TIME_PATTERN = `${CLOCK_PATTERN}${OFFSET_PATTERN}?`
const DATE_PATTERN = String.raw`(\d{4})-(\d{2})-(\d{2})`
// Python reads any one character between date and time; an astral one is a surrogate pair here.
const SEPARATOR_PATTERN = String.raw`(?:[\ud800-\udbff][\udc00-\udfff]|[\s\S])`

const DATE_RE = new RegExp(`^${DATE_PATTERN}$`)
const TIME_RE = new RegExp(`^${TIME_PATTERN}$`)
const DATETIME_RE = new RegExp(`^${DATE_PATTERN}(?:${SEPARATOR_PATTERN}${TIME_PATTERN})?$`)

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

/** The number of days in a month (1–12) of a year, leap years included. */
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)

const describeOutOfRange = (name: string, value: number, min: number, max: number): string | undefined =>
  Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `${name} must be an integer in ${min}..${max}, got ${value}`

/** What is wrong with date fields (year 1–9999, month 1–12, day within the month), or `undefined`. */
export const describeDateProblem = (fields: DateFields): string | undefined => {
  const { year, month, day } = fields
  return (
    describeOutOfRange('year', year, 1, 9999) ??
    describeOutOfRange('month', month, 1, 12) ??
    describeOutOfRange(`day of ${year}-${String(month).padStart(2, '0')}`, day, 1, daysInMonth(year, month))
  )
}

/** What is wrong with time fields (hour < 24, …, offset strictly within ±24 h), or `undefined`. */
export const describeTimeProblem = (fields: TimeFields): string | undefined => {
  const { hour, minute, second, microsecond, offsetMicroseconds: offset } = fields
  return (
    describeOutOfRange('hour', hour, 0, 23) ??
    describeOutOfRange('minute', minute, 0, 59) ??
    describeOutOfRange('second', second, 0, 59) ??
    describeOutOfRange('microsecond', microsecond, 0, 999_999) ??
    (offset === null
      ? undefined
      : describeOutOfRange(
          'offset in microseconds',
          offset,
          1 - MICROSECONDS_PER_DAY,
          MICROSECONDS_PER_DAY - 1,
        ))
  )
}

const failParse = (kind: string, text: string, form: string, problem?: string): never => {
  const detail = problem === undefined ? '' : `: ${problem}`
  throw new HypergolError('E_TEMPORAL_FORMAT', `Invalid ${kind} ${JSON.stringify(text)}${detail}.`, {
    hint: `Expected the ISO form ${form}.`,
  })
}

const readNumber = (group: string | undefined): number => (group === undefined ? 0 : Number(group))

/** Reads the time groups starting at `first` of a match, or returns the problem as a string. */
const readTimeGroups = (match: RegExpExecArray, first: number): TimeFields | string => {
  const fraction = match[first + 3]
  const microsecond = fraction === undefined ? 0 : Number(fraction) * (fraction.length === 3 ? 1000 : 1)
  let offsetMicroseconds: number | null = null
  const sign = match[first + 4]
  if (match[first + 9] !== undefined) {
    offsetMicroseconds = 0
  } else if (sign !== undefined) {
    const minutes = readNumber(match[first + 6])
    const seconds = readNumber(match[first + 7])
    // isoformat() never writes these; Python carries them over (+05:60 reads as +06:00), which would make
    // the text change on a round trip, so they are rejected.
    if (minutes > 59 || seconds > 59) return 'offset minutes and seconds must be below 60'
    const magnitude =
      ((readNumber(match[first + 5]) * 60 + minutes) * 60 + seconds) * 1_000_000 +
      readNumber(match[first + 8])
    // `-00:00` is UTC, as in Python; `+ 0` turns −0 into 0.
    offsetMicroseconds = (sign === '-' ? -magnitude : magnitude) + 0
  }
  const fields: TimeFields = {
    hour: readNumber(match[first]),
    minute: readNumber(match[first + 1]),
    second: readNumber(match[first + 2]),
    microsecond,
    offsetMicroseconds,
  }
  return describeTimeProblem(fields) ?? fields
}

/**
 * Reads `YYYY-MM-DD[THH[:MM[:SS[.fff|.ffffff]]][±HH:MM[:SS[.ffffff]]]]` (any single character may stand for
 * `T`, as in Python). A `Z` offset is accepted and read as `+00:00`, but never written.
 *
 * @throws {HypergolError} `E_TEMPORAL_FORMAT` when the text has another form or a field is out of range.
 */
export const parseDateTimeFields = (text: string): DateFields & TimeFields => {
  const match = DATETIME_RE.exec(text)
  if (match === null) return failParse('datetime', text, DATETIME_FORM)
  const date: DateFields = {
    year: readNumber(match[1]),
    month: readNumber(match[2]),
    day: readNumber(match[3]),
  }
  const dateProblem = describeDateProblem(date)
  if (dateProblem !== undefined) return failParse('datetime', text, DATETIME_FORM, dateProblem)
  const time = readTimeGroups(match, 4)
  if (typeof time === 'string') return failParse('datetime', text, DATETIME_FORM, time)
  return { ...date, ...time }
}

/**
 * Reads `YYYY-MM-DD`.
 *
 * @throws {HypergolError} `E_TEMPORAL_FORMAT` when the text has another form or a field is out of range.
 */
export const parseDateFields = (text: string): DateFields => {
  const match = DATE_RE.exec(text)
  if (match === null) return failParse('date', text, DATE_FORM)
  const date: DateFields = {
    year: readNumber(match[1]),
    month: readNumber(match[2]),
    day: readNumber(match[3]),
  }
  const problem = describeDateProblem(date)
  return problem === undefined ? date : failParse('date', text, DATE_FORM, problem)
}

/**
 * Reads `HH[:MM[:SS[.fff|.ffffff]]][±HH:MM[:SS[.ffffff]]]`; a `Z` offset is read as `+00:00`.
 *
 * @throws {HypergolError} `E_TEMPORAL_FORMAT` when the text has another form or a field is out of range.
 */
export const parseTimeFields = (text: string): TimeFields => {
  const match = TIME_RE.exec(text)
  if (match === null) return failParse('time', text, TIME_FORM)
  const time = readTimeGroups(match, 1)
  return typeof time === 'string' ? failParse('time', text, TIME_FORM, time) : time
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** Python's `date.isoformat()`: `YYYY-MM-DD`, the year zero-padded to four digits. */
export const renderDateFields = (f: DateFields): string =>
  `${String(f.year).padStart(4, '0')}-${pad2(f.month)}-${pad2(f.day)}`

const renderOffset = (offset: number | null): string => {
  if (offset === null) return ''
  const magnitude = Math.abs(offset)
  const microsecond = magnitude % 1_000_000
  const seconds = (magnitude - microsecond) / 1_000_000
  const second = seconds % 60
  const hours = Math.floor(seconds / 3600)
  const text = `${offset < 0 ? '-' : '+'}${pad2(hours)}:${pad2(Math.floor(seconds / 60) % 60)}`
  if (second === 0 && microsecond === 0) return text
  return `${text}:${pad2(second)}${microsecond === 0 ? '' : `.${String(microsecond).padStart(6, '0')}`}`
}

/**
 * Python's `time.isoformat()`: `HH:MM:SS`, then `.ffffff` only when the microsecond is not 0, then the offset
 * only when aware (`+HH:MM`, with `:SS[.ffffff]` only when not 0; UTC as `+00:00`, never `Z`).
 */
export const renderTimeFields = (f: TimeFields): string =>
  `${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}${
    f.microsecond === 0 ? '' : `.${String(f.microsecond).padStart(6, '0')}`
  }${renderOffset(f.offsetMicroseconds)}`

/** Whether two sets of date fields are equal. */
export const equalDateFields = (a: DateFields, b: DateFields): boolean =>
  a.year === b.year && a.month === b.month && a.day === b.day

/** Whether two sets of time fields are equal, offset included (naive equals naive only). */
export const equalTimeFields = (a: TimeFields, b: TimeFields): boolean =>
  a.hour === b.hour &&
  a.minute === b.minute &&
  a.second === b.second &&
  a.microsecond === b.microsecond &&
  a.offsetMicroseconds === b.offsetMicroseconds
