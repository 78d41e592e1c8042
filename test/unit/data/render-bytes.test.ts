/**
 * The byte writers of the generated canonical writer against the string renderers they stand in for:
 * `renderString` (FORMAT.md §5.3), `String` of safe integers (§5.4) and `renderFloat` (§5.5).
 */
import { describe, expect, test } from 'bun:test'
import { renderFloat } from '../../../src/data/float-repr.ts'
import { renderString } from '../../../src/data/json-string.ts'
import { ByteOut, writeFloat, writeInt, writeString } from '../../../src/data/render-bytes.ts'
import { randomOf } from '../../helpers/random.ts'

const latin1 = (bytes: Buffer, end: number): string => bytes.toString('latin1', 0, end)

describe('writeString', () => {
  test('given every single UTF-16 unit, when written, then the bytes are renderString of it', () => {
    const out = new ByteOut(64)
    for (let code = 0; code <= 0xffff; code++) {
      const text = String.fromCharCode(code)
      expect(latin1(out.bytes, writeString(out.bytes, 0, text))).toBe(renderString(text))
    }
  })

  test('given random strings, when written at an offset, then the bytes are renderString of them', () => {
    const random = randomOf(7)
    const out = new ByteOut(4096)
    for (let i = 0; i < 2000; i++) {
      let text = ''
      for (let n = random.int(40); n > 0; n--) {
        text += String.fromCharCode(random.next() < 0.7 ? 32 + random.int(95) : random.int(0x10000))
      }
      const end = writeString(out.bytes, 3, text)
      expect(out.bytes.toString('latin1', 3, end)).toBe(renderString(text))
    }
  })
})

describe('writeInt', () => {
  test.each([
    0,
    -0,
    1,
    -1,
    9,
    10,
    99,
    100,
    -100,
    2 ** 31,
    -(2 ** 31) - 1,
    4503599627370496,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
  ])('given %p, when written, then the digits are String(value)', (value) => {
    const out = new ByteOut(32)
    expect(latin1(out.bytes, writeInt(out.bytes, 0, value))).toBe(String(value))
  })

  test('given random safe integers, when written, then the digits are String(value)', () => {
    const random = randomOf(11)
    const out = new ByteOut(32)
    for (let i = 0; i < 20000; i++) {
      const value = (random.int(2 ** 26) * 2 ** 27 + random.int(2 ** 27)) * (random.next() < 0.5 ? -1 : 1)
      expect(latin1(out.bytes, writeInt(out.bytes, 0, value))).toBe(String(value))
    }
  })
})

describe('writeFloat', () => {
  test.each([
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1,
    -1,
    3,
    0.5,
    1e-4,
    -1e-4,
    9.99e-5,
    1e16,
    9999999999999998,
    2 ** 53,
    2 ** 53 - 1,
    2 ** 53 + 2,
    1e21,
    1e-7,
    4e-320,
    5e-324,
    1.7976931348623157e308,
    1 / 3,
  ])('given %p, when written, then the text is renderFloat(value)', (value) => {
    const out = new ByteOut(32)
    expect(latin1(out.bytes, writeFloat(out.bytes, 0, value))).toBe(renderFloat(value))
  })

  test('given random doubles (from random bits) and fractions, when written, then the text is renderFloat', () => {
    const random = randomOf(13)
    const out = new ByteOut(32)
    const view = new DataView(new ArrayBuffer(8))
    for (let i = 0; i < 20000; i++) {
      view.setUint32(0, random.int(2 ** 32))
      view.setUint32(4, random.int(2 ** 32))
      for (const value of [view.getFloat64(0), (random.int(2 ** 30) - 2 ** 29) / 7, random.int(2 ** 53)]) {
        expect(latin1(out.bytes, writeFloat(out.bytes, 0, value))).toBe(renderFloat(value))
      }
    }
  })
})

describe('ByteOut', () => {
  test('given bytes written, when it grows, then they are kept', () => {
    const out = new ByteOut(4)
    out.bytes.write('abc', 0, 'latin1')

    const grown = out.grow(3, 100)

    expect(grown).toBe(out.bytes)
    expect(grown.length).toBeGreaterThanOrEqual(100)
    expect(latin1(grown, 3)).toBe('abc')
  })
})
