import { describe, expect, test } from 'bun:test'

import { renderFloat } from '../../../src/data/float-repr.ts'

/** The slow, obviously-correct reference: `toExponential()` digits laid out by the rule of FORMAT.md §5.5. */
const renderFloatReference = (value: number): string => {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return 'Infinity'
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const sign = value < 0 ? '-' : ''
  const [mantissa = '', exponentText = ''] = Math.abs(value).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  const exponent = Number(exponentText)
  if (exponent >= -4 && exponent <= 15) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
    const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
    const fraction = digits.slice(exponent + 1)
    return `${sign}${integer}.${fraction === '' ? '0' : fraction}`
  }
  const rest = digits.length > 1 ? `.${digits.slice(1)}` : ''
  const exponentDigits = String(Math.abs(exponent)).padStart(2, '0')
  return `${sign}${digits[0]}${rest}e${exponent < 0 ? '-' : '+'}${exponentDigits}`
}

/** A deterministic PRNG (mulberry32), so a failing case can be reproduced. */
const createRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const generateDoubles = (count: number): number[] => {
  const random = createRandom(20240506)
  const view = new DataView(new ArrayBuffer(8))
  const values: number[] = []
  for (let i = 0; i < count; i++) {
    // Random bit patterns cover every exponent, subnormals, NaN payloads and infinities.
    view.setUint32(0, Math.floor(random() * 2 ** 32))
    view.setUint32(4, Math.floor(random() * 2 ** 32))
    values.push(view.getFloat64(0))
    // Integers as floats, up to and beyond 2^53 (many land on the 1e15…1e17 layout switch).
    values.push(Math.floor(random() * 2 ** Math.floor(random() * 70)) * (random() < 0.5 ? -1 : 1))
    // Decimal-looking values of every magnitude near the positional/scientific boundaries.
    values.push(Math.round(random() * 1e6) * 10 ** (Math.floor(random() * 50) - 25))
    // Quotients like the fixtures' k / 7.
    values.push(Math.floor(random() * 1e6) / Math.ceil(random() * 1000))
  }
  return values
}

const BOUNDARY_VALUES = [
  1e-4,
  1e-4 * (1 - 2 ** -52),
  1e-4 * (1 + 2 ** -52),
  1e-5,
  1e16,
  1e16 - 2,
  1e16 + 2,
  1e15,
  1e21,
  1e22,
  1e-6,
  1e-7,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  2 ** 53,
  2 ** 60,
  Number.EPSILON,
  0.1,
  0.5,
  123456789.123,
]

describe('renderFloat', () => {
  test.each([
    [4 / 7, '0.5714285714285714'],
    [7 / 7, '1.0'],
    [3, '3.0'],
    [2e15, '2000000000000000.0'],
    [1.02e17, '1.02e+17'],
    [1.01e-5, '1.01e-05'],
    [1e-7, '1e-07'],
    [0.00042, '0.00042'],
    [4.2e-5, '4.2e-05'],
    [9999999999999998, '9999999999999998.0'],
    [2.5e16, '2.5e+16'],
    [1e100, '1e+100'],
    [4e-320, '4e-320'],
    [0.1 + 0.7, '0.7999999999999999'],
    [0, '0.0'],
    [-0, '-0.0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [-3, '-3.0'],
    [-1e-7, '-1e-07'],
    [-2.5e16, '-2.5e+16'],
    [1e16, '1e+16'],
    [1e-4, '0.0001'],
    [1.5, '1.5'],
    [2.25, '2.25'],
    [1.2857142857142858, '1.2857142857142858'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [Number.MIN_VALUE, '5e-324'],
  ])('given %p, when rendered, then writes %s', (value, expected) => {
    const text = renderFloat(value)

    expect(text).toBe(expected)
  })

  test('given many random and boundary doubles, when rendered, then each matches the reference and reads back', () => {
    const values = [...BOUNDARY_VALUES, ...BOUNDARY_VALUES.map((v) => -v), ...generateDoubles(50_000)]

    const mismatches: string[] = []
    for (const value of values) {
      const text = renderFloat(value)
      const readBack = Number(text)
      const looksLikeFloat =
        /[.e]/.test(text) || text === 'NaN' || text === 'Infinity' || text === '-Infinity'
      if (text !== renderFloatReference(value) || !Object.is(readBack, value) || !looksLikeFloat) {
        mismatches.push(`${value.toExponential()} -> ${text} (reference ${renderFloatReference(value)})`)
      }
    }

    expect(values.length).toBeGreaterThan(200_000)
    expect(mismatches.slice(0, 10)).toEqual([])
  })
})
