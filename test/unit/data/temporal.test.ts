import { describe, expect, test } from 'bun:test'

import { CalendarDate, DateTime, TimeOfDay } from '../../../src/data/temporal.ts'
import { HypergolError } from '../../../src/errors.ts'

const HOUR = 3_600_000_000
const MINUTE = 60_000_000
const DAY = 24 * HOUR

const daysInMonth = (year: number, month: number): number => {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
}

const errorOf = (action: () => unknown): HypergolError | undefined => {
  try {
    action()
  } catch (error) {
    if (error instanceof HypergolError) return error
    throw error
  }
  return undefined
}

/** A deterministic PRNG (mulberry32) returning integers in [0, n). */
const createRandomInt = (seed: number): ((n: number) => number) => {
  let state = seed >>> 0
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

describe('DateTime', () => {
  test.each([
    ['records recordId 9', '2020-01-01T09:01:03', [2020, 1, 1, 9, 1, 3, 0, null]],
    ['records recordId 1', '2020-01-01T01:00:07.007919', [2020, 1, 1, 1, 0, 7, 7919, null]],
    [
      'records recordId 260 (trailing zero)',
      '2020-01-11T20:30:20.058940',
      [2020, 1, 11, 20, 30, 20, 58940, null],
    ],
    ['120 µs, naive', '2024-05-06T07:08:09.000120', [2024, 5, 6, 7, 8, 9, 120, null]],
    ['250 µs at −07:00', '2019-03-04T05:06:07.000250-07:00', [2019, 3, 4, 5, 6, 7, 250, -7 * HOUR]],
    ['UTC, aware', '2023-10-01T12:00:00+00:00', [2023, 10, 1, 12, 0, 0, 0, 0]],
    ['year 33', '0033-01-02T03:04:05', [33, 1, 2, 3, 4, 5, 0, null]],
    ['an offset with seconds', '2020-01-01T00:00:00+05:30:15', [2020, 1, 1, 0, 0, 0, 0, 5.5 * HOUR + 15e6]],
    ['an offset with microseconds', '2020-01-01T00:00:00-00:00:00.000001', [2020, 1, 1, 0, 0, 0, 0, -1]],
    [
      'the largest offset',
      '9999-12-31T23:59:59.999999+23:59:59.999999',
      [9999, 12, 31, 23, 59, 59, 999999, 86_399_999_999],
    ],
    ['a leap day', '2024-02-29T00:00:00-23:59', [2024, 2, 29, 0, 0, 0, 0, -(24 * HOUR - MINUTE)]],
  ] as const)(
    'given %s, when %s is parsed, then has the fields and writes it back',
    (_label, text, fields) => {
      const [year, month, day, hour, minute, second, microsecond, offsetMicroseconds] = fields

      const value = DateTime.parse(text)
      const built = new DateTime({ year, month, day, hour, minute, second, microsecond, offsetMicroseconds })

      expect({ ...value }).toEqual({
        year,
        month,
        day,
        hour,
        minute,
        second,
        microsecond,
        offsetMicroseconds,
      })
      expect(value.toString()).toBe(text)
      expect(built.toString()).toBe(text)
      expect(built.equals(value)).toBe(true)
      expect(JSON.stringify({ value })).toBe(`{"value":"${text}"}`)
    },
  )

  test.each([
    ['2020-01-01', '2020-01-01T00:00:00'],
    ['2020-01-01T12', '2020-01-01T12:00:00'],
    ['2020-01-01T12:30', '2020-01-01T12:30:00'],
    ['2020-01-01 12:30:45.123', '2020-01-01T12:30:45.123000'],
    ['2020-01-01x12:30:45', '2020-01-01T12:30:45'],
    ['2020-01-01😀12:30:45', '2020-01-01T12:30:45'],
    ['2020-01-01112:00', '2020-01-01T12:00:00'],
    ['2020-01-01T12:30:45.000000', '2020-01-01T12:30:45'],
    ['2020-01-01T12+05:00', '2020-01-01T12:00:00+05:00'],
    ['2020-01-01T12:30:45-00:00', '2020-01-01T12:30:45+00:00'],
    ['2020-01-01T12:30:45Z', '2020-01-01T12:30:45+00:00'],
    ['2020-01-01T12:30:45.500Z', '2020-01-01T12:30:45.500000+00:00'],
  ])('given %j (accepted by Python 3.8–3.11), when parsed, then writes %s', (text, expected) => {
    const value = DateTime.parse(text)

    expect(value.toString()).toBe(expected)
  })

  test('given -00:00, when parsed, then the offset is a positive zero', () => {
    const value = DateTime.parse('2020-01-01T00:00:00-00:00')

    expect(Object.is(value.offsetMicroseconds, 0)).toBe(true)
  })

  test.each([
    ['2020-13-01T00:00:00', 'month must be an integer in 1..12, got 13'],
    ['2023-02-29T00:00:00', 'day of 2023-02 must be an integer in 1..28, got 29'],
    ['2023-02-30T00:00:00', 'day of 2023-02 must be an integer in 1..28, got 30'],
    ['1900-02-29T00:00:00', 'day of 1900-02 must be an integer in 1..28, got 29'],
    ['2020-04-31T00:00:00', 'day of 2020-04 must be an integer in 1..30, got 31'],
    ['0000-01-01T00:00:00', 'year must be an integer in 1..9999, got 0'],
    ['2020-01-01T24:00:00', 'hour must be an integer in 0..23, got 24'],
    ['2020-01-01T12:60', 'minute must be an integer in 0..59, got 60'],
    ['2020-01-01T12:00:60', 'second must be an integer in 0..59, got 60'],
    ['2020-01-01T12:00:00+24:00', 'offset in microseconds must be an integer in -86399999999..86399999999'],
    ['2020-01-01T12:00:00+05:60', 'offset minutes and seconds must be below 60'],
    ['2020-01-01T12:00:00+05:00:60', 'offset minutes and seconds must be below 60'],
    ['2020-01-01T12:00:00.1234', undefined],
    ['2020-01-01T12:00:00.1', undefined],
    ['2020-01-01T12.500', undefined],
    ['20200101T120000', undefined],
    ['2020-1-01', undefined],
    [' 2020-01-01', undefined],
    ['2020-01-01T', undefined],
    ['2020-01-01T1', undefined],
    ['2020-01-01T12:00:00+0500', undefined],
    ['2020-01-01T12:00:00+05', undefined],
    ['2020-01-01T12:00:00z', undefined],
    ['2020-01-01T12:00:00+00:00Z', undefined],
    ['2020-01-01T12:00:00Z+00:00', undefined],
    ['2020-01-01T12:00:00.123456+05:00:00.123', undefined],
    ['2020-01-01T12:00:00 ', undefined],
    ['２０２０-01-01', undefined],
    ['', undefined],
    ['not a date', undefined],
  ])('given %j, when parsed, then throws E_TEMPORAL_FORMAT quoting it', (text, problem) => {
    const error = errorOf(() => DateTime.parse(text))

    expect(error?.code).toBe('E_TEMPORAL_FORMAT')
    expect(error?.message).toStartWith(`Invalid datetime ${JSON.stringify(text)}`)
    if (problem !== undefined) expect(error?.message).toContain(problem)
    expect(error?.hint).toBe(
      'Expected the ISO form YYYY-MM-DD[THH[:MM[:SS[.fff|.ffffff]]][+HH:MM[:SS[.ffffff]]|Z]].',
    )
  })

  test.each([
    [{ year: 2020, month: 13, day: 1 }, 'month must be an integer in 1..12, got 13'],
    [{ year: 10000, month: 1, day: 1 }, 'year must be an integer in 1..9999, got 10000'],
    [{ year: 2020, month: 1, day: 1, hour: 1.5 }, 'hour must be an integer in 0..23, got 1.5'],
    [{ year: 2020, month: 1, day: 1, microsecond: 1_000_000 }, 'microsecond must be an integer'],
    [{ year: 2020, month: 1, day: 1, offsetMicroseconds: -24 * HOUR }, 'offset in microseconds must be'],
    [{ year: 2020, month: 1, day: 1, offsetMicroseconds: Number.NaN }, 'offset in microseconds must be'],
  ])('given fields %j, when constructed, then throws E_INVALID_ARGUMENT', (fields, problem) => {
    const error = errorOf(() => new DateTime(fields))

    expect(error?.code).toBe('E_INVALID_ARGUMENT')
    expect(error?.message).toContain(problem)
  })

  test.each([
    ['2023-10-01T12:00:00', '2023-10-01T12:00:00+00:00', 'naive and aware'],
    ['2023-10-01T12:00:00+00:00', '2023-10-01T14:00:00+02:00', 'the same instant at other offsets'],
    ['2023-10-01T12:00:00.000001', '2023-10-01T12:00:00', 'one microsecond apart'],
  ])('given %s and %s (%s), when compared, then they are not equal', (a, b) => {
    const equal = DateTime.parse(a).equals(DateTime.parse(b))

    expect(equal).toBe(false)
  })

  test('given a DateTime and something else, when compared, then they are not equal', () => {
    const value = DateTime.parse('2020-01-10T00:00:00')

    expect(value.equals('2020-01-10T00:00:00')).toBe(false)
    expect(value.equals(CalendarDate.parse('2020-01-10'))).toBe(false)
  })

  test('given many generated values, when written and parsed back, then the value and text are unchanged', () => {
    const randomInt = createRandomInt(20200101)
    const offsets = [null, 0, 5.5 * HOUR, -7 * HOUR, 15_000_001, -1, 86_399_999_999, -86_399_999_999]

    const failures: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const year = 1 + randomInt(9999)
      const month = 1 + randomInt(12)
      const value = new DateTime({
        year,
        month,
        day: 1 + randomInt(daysInMonth(year, month)),
        hour: randomInt(24),
        minute: randomInt(60),
        second: randomInt(60),
        microsecond: randomInt(3) === 0 ? 0 : randomInt(1_000_000),
        offsetMicroseconds:
          i % 2 === 0 ? (offsets[randomInt(offsets.length)] ?? null) : randomInt(2 * DAY - 1) - (DAY - 1),
      })
      const text = value.toString()
      const back = DateTime.parse(text)
      const parts = [value.date().toString(), value.timetz().toString()]
      if (!back.equals(value) || back.toString() !== text || parts.join('T') !== text) failures.push(text)
    }

    expect(failures).toEqual([])
  })

  test('given an aware value, when its date and time are taken, then time() is naive and timetz() keeps the offset', () => {
    const value = DateTime.parse('2019-03-04T05:06:07.000250-07:00')

    const [date, time, timetz] = [value.date(), value.time(), value.timetz()]

    expect(date.equals(new CalendarDate({ year: 2019, month: 3, day: 4 }))).toBe(true)
    expect(time.toString()).toBe('05:06:07.000250')
    expect(timetz.toString()).toBe('05:06:07.000250-07:00')
  })
})

describe('DateTime and JS Date', () => {
  test.each([
    ['2019-03-04T05:06:07.000250-07:00', '2019-03-04T12:06:07.000Z'],
    ['2023-10-01T12:00:00+00:00', '2023-10-01T12:00:00.000Z'],
    ['2020-01-01T00:00:00.000999+00:00', '2020-01-01T00:00:00.000Z'],
    ['2020-01-01T00:00:00+00:00:00.000001', '2019-12-31T23:59:59.999Z'],
    ['0033-01-02T03:04:05+01:00', '0033-01-02T02:04:05.000Z'],
    ['0001-01-01T00:00:00+00:00', '0001-01-01T00:00:00.000Z'],
  ])('given aware %s, when converted to a Date, then it is the instant %s (truncated to ms)', (text, iso) => {
    const date = DateTime.parse(text).toDate()

    expect(date.toISOString()).toBe(iso)
  })

  test.each([
    ['2020-01-02T03:04:05.006999', '2020-01-02T03:04:05.006000'],
    ['0033-01-02T03:04:05', '0033-01-02T03:04:05'],
    ['9999-12-31T23:59:59.999000', '9999-12-31T23:59:59.999000'],
  ])('given naive %s, when converted to a Date and back, then gives %s (ms precision)', (text, expected) => {
    const value = DateTime.parse(text)

    const local = value.toDate()
    const utc = value.toDate({ utc: true })

    expect(local.getFullYear()).toBe(value.year)
    expect(local.getHours()).toBe(value.hour)
    expect(DateTime.fromDate(local).toString()).toBe(expected)
    expect(DateTime.fromDate(utc, { utc: true }).toString()).toBe(`${expected}+00:00`)
  })

  test('given a local Date, when read, then the value is naive with the local wall clock', () => {
    const date = new Date(2020, 0, 2, 3, 4, 5, 6)

    const value = DateTime.fromDate(date)

    expect(value.toString()).toBe('2020-01-02T03:04:05.006000')
    expect(value.offsetMicroseconds).toBeNull()
  })

  test('given a Date, when read as UTC, then the value is aware at +00:00', () => {
    const date = new Date(Date.UTC(2023, 9, 1, 12, 0, 0, 120))

    const value = DateTime.fromDate(date, { utc: true })

    expect(value.toString()).toBe('2023-10-01T12:00:00.120000+00:00')
  })

  test.each([
    ['an invalid Date', new Date(Number.NaN)],
    ['year 10000', new Date(Date.UTC(10000, 0, 1))],
    ['year 0', new Date('0000-06-01T00:00:00Z')],
  ])('given %s, when read, then throws E_INVALID_ARGUMENT', (_label, date) => {
    const error = errorOf(() => DateTime.fromDate(date, { utc: true }))

    expect(error?.code).toBe('E_INVALID_ARGUMENT')
  })

  test('given the clock, when now() is read, then it is naive and within a second of the local wall clock', () => {
    const before = Date.now()

    const value = DateTime.now()

    const after = Date.now()
    const ms = value.toDate().getTime()
    expect(value.offsetMicroseconds).toBeNull()
    expect(ms).toBeGreaterThanOrEqual(before - 1000)
    expect(ms).toBeLessThanOrEqual(after + 1000)
  })
})

describe('CalendarDate', () => {
  test.each([
    ['2020-01-10', [2020, 1, 10]],
    ['0033-01-02', [33, 1, 2]],
    ['2024-02-29', [2024, 2, 29]],
    ['2000-02-29', [2000, 2, 29]],
    ['0001-01-01', [1, 1, 1]],
    ['9999-12-31', [9999, 12, 31]],
  ] as const)('given %s, when parsed, then has the fields and writes it back', (text, [year, month, day]) => {
    const value = CalendarDate.parse(text)

    expect({ ...value }).toEqual({ year, month, day })
    expect(value.toString()).toBe(text)
    expect(new CalendarDate({ year, month, day }).equals(value)).toBe(true)
  })

  test.each([
    '2020-01-01T00:00:00',
    '2023-02-29',
    '1900-02-29',
    '2020-00-10',
    '2020-01-32',
    '20200110',
    '2020-01-1',
    '0000-01-01',
    '2020-W01-1',
    '2020-01-10 ',
    '',
  ])('given %j, when parsed, then throws E_TEMPORAL_FORMAT quoting it', (text) => {
    const error = errorOf(() => CalendarDate.parse(text))

    expect(error?.code).toBe('E_TEMPORAL_FORMAT')
    expect(error?.message).toStartWith(`Invalid date ${JSON.stringify(text)}`)
    expect(error?.hint).toBe('Expected the ISO form YYYY-MM-DD.')
  })

  test('given out-of-range fields, when constructed, then throws E_INVALID_ARGUMENT', () => {
    const error = errorOf(() => new CalendarDate({ year: 2023, month: 2, day: 29 }))

    expect(error?.code).toBe('E_INVALID_ARGUMENT')
    expect(error?.message).toBe('Invalid CalendarDate: day of 2023-02 must be an integer in 1..28, got 29.')
  })

  test('given a Date, when read locally or as UTC and converted back, then gives midnight of that date', () => {
    const local = new Date(2020, 0, 10, 23, 30)
    const utc = new Date(Date.UTC(2020, 0, 10, 23, 30))

    const [fromLocal, fromUtc] = [CalendarDate.fromDate(local), CalendarDate.fromDate(utc, { utc: true })]

    expect(fromLocal.toString()).toBe('2020-01-10')
    expect(fromUtc.toString()).toBe('2020-01-10')
    expect(fromLocal.toDate().getTime()).toBe(new Date(2020, 0, 10).getTime())
    expect(fromUtc.toDate({ utc: true }).toISOString()).toBe('2020-01-10T00:00:00.000Z')
    expect(CalendarDate.parse('0033-01-02').toDate({ utc: true }).toISOString()).toBe(
      '0033-01-02T00:00:00.000Z',
    )
  })
})

describe('TimeOfDay', () => {
  test.each([
    ['14:05:00+09:30', [14, 5, 0, 0, 9.5 * HOUR]],
    ['07:08:09.500000', [7, 8, 9, 500_000, null]],
    ['00:00:00', [0, 0, 0, 0, null]],
    ['23:59:59.000120+00:00', [23, 59, 59, 120, 0]],
    ['12:30:45.123456+05:30:15.000001', [12, 30, 45, 123_456, 5.5 * HOUR + 15_000_001]],
    ['12:30:45-00:00:01', [12, 30, 45, 0, -1_000_000]],
  ] as const)('given %s, when parsed, then has the fields and writes it back', (text, fields) => {
    const [hour, minute, second, microsecond, offsetMicroseconds] = fields

    const value = TimeOfDay.parse(text)

    expect({ ...value }).toEqual({ hour, minute, second, microsecond, offsetMicroseconds })
    expect(value.toString()).toBe(text)
    expect(new TimeOfDay({ hour, minute, second, microsecond, offsetMicroseconds }).equals(value)).toBe(true)
  })

  test.each([
    ['12', '12:00:00'],
    ['12:30', '12:30:00'],
    ['12:30:45.123', '12:30:45.123000'],
    ['12+01:00', '12:00:00+01:00'],
    ['12:30Z', '12:30:00+00:00'],
    ['12:30:45-00:00', '12:30:45+00:00'],
  ])('given %j, when parsed, then writes %s', (text, expected) => {
    const value = TimeOfDay.parse(text)

    expect(value.toString()).toBe(expected)
  })

  test.each([
    '24:00',
    'T12:00',
    '1:00',
    '12:30:45.1234',
    '12:30:45+05:30:15.123',
    '12:30:45+0530',
    '12:00:00 ',
    '',
  ])('given %j, when parsed, then throws E_TEMPORAL_FORMAT quoting it', (text) => {
    const error = errorOf(() => TimeOfDay.parse(text))

    expect(error?.code).toBe('E_TEMPORAL_FORMAT')
    expect(error?.message).toStartWith(`Invalid time ${JSON.stringify(text)}`)
  })

  test('given no fields, when constructed, then it is naive midnight', () => {
    const value = new TimeOfDay()

    expect(value.toString()).toBe('00:00:00')
  })

  test('given naive and aware times, when compared, then they are not equal', () => {
    const equal = TimeOfDay.parse('12:00:00').equals(TimeOfDay.parse('12:00:00+00:00'))

    expect(equal).toBe(false)
  })
})
