/**
 * @module render-bytes
 * The byte-level pieces of the generated canonical writer (FORMAT.md §5): a growable output buffer and
 * writers of strings (ASCII-only escaping, §5.3), integers (§5.4) and ASCII texts straight into it. Writing
 * bytes rather than concatenating strings spares the engine building and then flattening a rope of pieces
 * for every line.
 */
import { BAIL } from './codegen.ts'
import { renderFloat } from './float-repr.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

/** A growable output buffer; generated renderers reload `bytes` after calls that may grow it. */
export class ByteOut {
  bytes: Buffer<ArrayBuffer>

  constructor(capacity = 1024) {
    this.bytes = Buffer.allocUnsafeSlow(capacity)
  }

  /** Makes room for `needed` bytes, keeping the first `used`, and returns the (new) buffer. */
  grow(used: number, needed: number): Buffer<ArrayBuffer> {
    let capacity = this.bytes.length * 2
    while (capacity < needed) capacity *= 2
    const bytes = Buffer.allocUnsafeSlow(capacity)
    this.bytes.copy(bytes, 0, 0, used)
    this.bytes = bytes
    return bytes
  }
}

const HEX = '0123456789abcdef'

/** Bytes of the escape of each unit below U+0080 that needs one (FORMAT.md §5.3), else `undefined`. */
const ASCII_ESCAPES: (number[] | undefined)[] = Array.from({ length: 0x80 }, (_, code) => {
  const short: Record<number, string> = { 34: '"', 92: '\\', 10: 'n', 13: 'r', 9: 't', 8: 'b', 12: 'f' }
  const letter = short[code]
  if (letter !== undefined) return [0x5c, letter.charCodeAt(0)]
  if (code >= 0x20 && code < 0x7f) return undefined
  return [...`\\u${code.toString(16).padStart(4, '0')}`].map((char) => char.charCodeAt(0))
})

/**
 * Writes `text` as a quoted JSON string with Python's ASCII-only escaping at `at`; returns the end. The
 * caller has made room for `6 * text.length + 2` bytes (every unit takes at most `\uXXXX`).
 */
export const writeString = (bytes: Uint8Array, at: number, text: string): number => {
  let o = at
  bytes[o++] = 0x22
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c) {
      bytes[o++] = code
    } else if (code < 0x80) {
      for (const byte of ASCII_ESCAPES[code] as number[]) bytes[o++] = byte
    } else {
      // Every unit from U+007F up, surrogates one by one: `\u` and four lower-case hex digits.
      bytes[o++] = 0x5c
      bytes[o++] = 0x75
      bytes[o++] = HEX.charCodeAt(code >> 12)
      bytes[o++] = HEX.charCodeAt((code >> 8) & 15)
      bytes[o++] = HEX.charCodeAt((code >> 4) & 15)
      bytes[o++] = HEX.charCodeAt(code & 15)
    }
  }
  bytes[o++] = 0x22
  return o
}

/** Writes a safe integer's decimal digits (`-` for negatives, `0` for −0) at `at`; room for 17 bytes. */
export const writeInt = (bytes: Uint8Array, at: number, value: number): number => {
  let o = at
  let rest = value
  if (rest < 0) {
    bytes[o++] = 0x2d
    rest = -rest
  }
  if (rest < 10) {
    bytes[o] = 0x30 + rest
    return o + 1
  }
  let digits = 1
  for (let power = 10; power <= rest; power *= 10) digits++
  const end = o + digits
  // Below 2^31 the engine divides as integers; above, the double quotient is still exact enough for
  // `Math.floor` (rest < 2^53, so rest / 10 is off by far less than the 0.1 a last digit needs).
  for (let p = end - 1; p > o; p--) {
    const next = rest < 0x80000000 ? (rest / 10) | 0 : Math.floor(rest / 10)
    bytes[p] = 0x30 + (rest - next * 10)
    rest = next
  }
  bytes[o] = 0x30 + rest
  return end
}

/**
 * Copies `text` unit by unit at `at`; returns the end. Throws {@link BAIL} on a unit above U+007F (only a
 * user-defined `toString` could produce one): the slow path then writes it as UTF-8, as it always did.
 */
export const writeAscii = (bytes: Uint8Array, at: number, text: string): number => {
  let o = at
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code > 0x7f) throw BAIL
    bytes[o++] = code
  }
  return o
}

/** Writes `value` (an integer in 0…99) as two digits. */
const write2 = (bytes: Uint8Array, at: number, value: number): void => {
  const tens = Math.floor(value / 10)
  bytes[at] = 0x30 + tens
  bytes[at + 1] = 0x30 + (value - tens * 10)
}

/** Writes `value` (an integer in 0…10^width − 1) as `width` digits, zero-padded. */
const writePadded = (bytes: Uint8Array, at: number, value: number, width: number): void => {
  let rest = value
  for (let p = at + width - 1; p >= at; p--) {
    const next = Math.floor(rest / 10)
    bytes[p] = 0x30 + (rest - next * 10)
    rest = next
  }
}

const isIn = (value: number, max: number): boolean => Number.isInteger(value) && value >= 0 && value <= max

/** Whether the date fields render as `YYYY-MM-DD` digit for digit (what `toString` pads them to). */
const isPlainDate = (value: CalendarDate | DateTime): boolean =>
  isIn(value.year, 9999) && isIn(value.month, 99) && isIn(value.day, 99)

/** Whether the clock fields render as `HH:MM:SS[.ffffff]` digit for digit, with no offset. */
const isPlainClock = (value: TimeOfDay | DateTime): boolean =>
  isIn(value.hour, 99) &&
  isIn(value.minute, 99) &&
  isIn(value.second, 99) &&
  isIn(value.microsecond, 999_999) &&
  value.offsetMicroseconds === null

const writeDate = (bytes: Uint8Array, at: number, value: CalendarDate | DateTime): number => {
  writePadded(bytes, at, value.year, 4)
  bytes[at + 4] = 0x2d
  write2(bytes, at + 5, value.month)
  bytes[at + 7] = 0x2d
  write2(bytes, at + 8, value.day)
  return at + 10
}

const writeClock = (bytes: Uint8Array, at: number, value: TimeOfDay | DateTime): number => {
  write2(bytes, at, value.hour)
  bytes[at + 2] = 0x3a
  write2(bytes, at + 3, value.minute)
  bytes[at + 5] = 0x3a
  write2(bytes, at + 6, value.second)
  if (value.microsecond === 0) return at + 8
  bytes[at + 8] = 0x2e
  writePadded(bytes, at + 9, value.microsecond, 6)
  return at + 15
}

/** Room {@link writeTemporal} needs: the longest ISO form (42 units) as UTF-8, in quotes. */
export const TEMPORAL_ROOM = 3 * 42 + 2

/**
 * Writes a temporal value's ISO form in quotes (FORMAT.md §6); room for {@link TEMPORAL_ROOM} bytes. The common naive values
 * are written from their fields, as their own `toString` (temporal-parse.ts) would write them; anything
 * else (an offset, a subclass with its own `toString`, odd fields) through `toString` itself.
 */
export const writeTemporal = (
  bytes: Buffer,
  at: number,
  value: DateTime | CalendarDate | TimeOfDay,
): number => {
  let o = at + 1
  if (value instanceof DateTime && value.toString === DateTime.prototype.toString) {
    if (isPlainDate(value) && isPlainClock(value)) {
      o = writeDate(bytes, o, value)
      bytes[o] = 0x54
      o = writeClock(bytes, o + 1, value)
    } else o = -1
  } else if (value instanceof CalendarDate && value.toString === CalendarDate.prototype.toString) {
    o = isPlainDate(value) ? writeDate(bytes, o, value) : -1
  } else if (value instanceof TimeOfDay && value.toString === TimeOfDay.prototype.toString) {
    o = isPlainClock(value) ? writeClock(bytes, o, value) : -1
  } else o = -1
  if (o === -1) return writeText(bytes, at, value.toString(), true)
  bytes[at] = 0x22
  bytes[o] = 0x22
  return o + 1
}

/**
 * Writes a float as Python's `repr` (FORMAT.md §5.5); room for 25 bytes. Same text as `renderFloat`,
 * with its common cases done here: an integral value below 2^53 as its digits and `.0`, and the others
 * of the positional range as JavaScript's shortest form (`JSON.stringify` of a finite number is
 * `String(number)`, and cheaper).
 */
export const writeFloat = (bytes: Buffer, at: number, value: number): number => {
  const magnitude = value < 0 ? -value : value
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    if (!Number.isInteger(value)) return writeAscii(bytes, at, JSON.stringify(value))
    if (magnitude <= Number.MAX_SAFE_INTEGER) {
      const o = writeInt(bytes, at, value)
      bytes[o] = 0x2e
      bytes[o + 1] = 0x30
      return o + 2
    }
  }
  return writeAscii(bytes, at, renderFloat(value))
}

/**
 * Writes a text that may not be ASCII (a user's `toString`) as UTF-8, in quotes when `quoted`; throws
 * {@link BAIL} when it is not ASCII (or does not fit), so that the slow path writes the whole line.
 */
const writeText = (bytes: Buffer, at: number, text: string, quoted: boolean): number => {
  // Only with room for any encoding: a cut-off write could be as long as the text and still be wrong.
  if (at + 3 * text.length + 2 > bytes.length) throw BAIL
  let o = at
  if (quoted) bytes[o++] = 0x22
  const written = bytes.write(text, o, 'utf8')
  if (written !== text.length) throw BAIL
  o += written
  if (quoted) bytes[o++] = 0x22
  return o
}
