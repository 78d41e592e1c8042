/**
 * The digit-by-digit temporal readers against the general parsers: same values (same prototype, same own
 * properties in the same order, equal) for every text they take, the same error for every text they don't.
 */
import { describe, expect, test } from 'bun:test'
import {
  parseDate,
  parseDateTime,
  parseTime,
  readDate,
  readDateTime,
  readTime,
} from '../../../src/data/temporal-fast.ts'
import { CalendarDate, DateTime, TimeOfDay } from '../../../src/index.ts'

const outcomeOf = (parse: () => object): unknown => {
  try {
    const value = parse()
    return {
      proto: Object.getPrototypeOf(value),
      names: Object.getOwnPropertyNames(value),
      value: { ...value },
    }
  } catch (error) {
    return { error: `${(error as { code?: string }).code} ${(error as Error).message}` }
  }
}

const DATETIMES = [
  '2020-01-02T03:04:05',
  '2020-01-02T03:04:05.000001',
  '2020-01-02T03:04:05.999999',
  '0001-01-01T00:00:00',
  '9999-12-31T23:59:59.999999',
  '2024-02-29T12:00:00',
  '2023-02-29T12:00:00',
  '2000-02-29T00:00:00',
  '1900-02-29T00:00:00',
  '2020-04-31T00:00:00',
  '2020-13-01T00:00:00',
  '2020-00-01T00:00:00',
  '2020-01-00T00:00:00',
  '0000-01-01T00:00:00',
  '2020-01-01T24:00:00',
  '2020-01-01T23:60:00',
  '2020-01-01T23:59:60',
  '2020-01-01T00:00:00.123',
  '2020-01-01T00:00:00.1234567',
  '2020-01-01T00:00:00Z',
  '2020-01-01T00:00:00+05:30',
  '2020-01-01 00:00:00',
  '2020-01-01x00:00:00.000000',
  '2020-01-01',
  '2020-01-01T00',
  '2020-01-01T00:00',
  '20200101T000000',
  '2020-01-01T00:00:0a',
  '\u0662020-01-01T00:00:00',
  '2020-01-01T00:00:00.\u0130\u0130\u0130\u0130\u0130\u0130',
  '',
]

const DATES = [
  '2020-01-02',
  '2024-02-29',
  '2023-02-29',
  '0001-01-01',
  '9999-12-31',
  '0000-12-31',
  '2020-1-02',
  '2020-01-32',
  'x',
  '',
]

const TIMES = [
  '00:00:00',
  '23:59:59.999999',
  '12:34:56.000100',
  '24:00:00',
  '12:60:00',
  '12:00:60',
  '12:00',
  '12:00:00.5',
  '12:00:00+01:00',
  '12:00:00Z',
  '1a:00:00',
  '',
]

describe('parseDateTime', () => {
  test.each(DATETIMES)('given %p, when parsed, then as DateTime.parse', (text) => {
    expect(outcomeOf(() => parseDateTime(text))).toStrictEqual(outcomeOf(() => DateTime.parse(text)))
  })

  test('given a naive ISO form, when parsed, then the value equals a constructed one and prints the same', () => {
    const fields = { year: 2020, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 6 }
    const value = parseDateTime('2020-01-02T03:04:05.000006')

    expect(value.equals(new DateTime(fields))).toBe(true)
    expect(value.toString()).toBe('2020-01-02T03:04:05.000006')
    expect(Object.getOwnPropertyNames(value)).toEqual(Object.getOwnPropertyNames(new DateTime(fields)))
  })
})

describe('parseDate', () => {
  test.each(DATES)('given %p, when parsed, then as CalendarDate.parse', (text) => {
    expect(outcomeOf(() => parseDate(text))).toStrictEqual(outcomeOf(() => CalendarDate.parse(text)))
  })
})

describe('parseTime', () => {
  test.each(TIMES)('given %p, when parsed, then as TimeOfDay.parse', (text) => {
    expect(outcomeOf(() => parseTime(text))).toStrictEqual(outcomeOf(() => TimeOfDay.parse(text)))
  })
})

describe('readDateTime and friends on bytes', () => {
  test.each(DATETIMES.filter((text) => /^[\x20-\x7e]*$/.test(text)))(
    'given the ASCII bytes of %p inside a larger buffer, when read, then as the string reader or undefined',
    (text) => {
      const bytes = Buffer.from(`"${text}", `)
      const value = readDateTime(bytes, 1, 1 + text.length)

      if (value !== undefined)
        expect(outcomeOf(() => value)).toStrictEqual(outcomeOf(() => DateTime.parse(text)))
    },
  )

  test('given valid bytes, when read, then values come back; other forms give undefined', () => {
    expect(readDate(Buffer.from('2024-02-29'), 0, 10)?.toString()).toBe('2024-02-29')
    expect(readDate(Buffer.from('2023-02-29'), 0, 10)).toBeUndefined()
    expect(readTime(Buffer.from('01:02:03.000004'), 0, 15)?.toString()).toBe('01:02:03.000004')
    expect(readTime(Buffer.from('01:02:03+01:00'), 0, 14)).toBeUndefined()
  })
})
