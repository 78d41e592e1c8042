/**
 * @module json-tree
 * The schema-free JSON dialect of the dataset files (FORMAT.md §5, §8): an exact parser that keeps integers
 * as `bigint` and floats as `number` (plus `NaN`, `Infinity`, `-Infinity`, `-0.0` and lone surrogates), and
 * the canonical one-line and indented writers.
 */
import { HypergolError } from '../errors.ts'
import { renderFloat } from './float-repr.ts'
import { renderString, sortKeys } from './json-string.ts'

/**
 * A parsed JSON value. An integer token is a `bigint` (any size) and a float token a `number`, so `3` and
 * `3.0` stay distinct and round-trip.
 */
export type JsonTree = null | boolean | bigint | number | string | JsonTree[] | { [key: string]: JsonTree }

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

/** The value of a hex digit's char code, or −1. */
const hexDigitValue = (code: number): number => {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  const lower = code | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39

/** A recursive-descent parser over one text; `pos` is the index of the next unread UTF-16 unit. */
class JsonTreeParser {
  pos = 0

  constructor(readonly text: string) {}

  fail(expected: string, at = this.pos): never {
    const before = this.text.slice(0, at)
    const line = before.split('\n').length
    const column = at - before.lastIndexOf('\n')
    const found = at < this.text.length ? JSON.stringify(this.text[at]) : 'the end of the input'
    throw new HypergolError(
      'E_JSON_SYNTAX',
      `Invalid JSON at line ${line} column ${column} (char ${at}): expected ${expected}, found ${found}.`,
    )
  }

  skipWhitespace(): number {
    const { text } = this
    let code = text.charCodeAt(this.pos)
    // JSON whitespace only: space, TAB, LF, CR.
    while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09)
      code = text.charCodeAt(++this.pos)
    return code
  }

  parseValue(): JsonTree {
    const code = this.skipWhitespace()
    switch (code) {
      case 0x7b: // {
        return this.parseObject()
      case 0x5b: // [
        return this.parseArray()
      case 0x22: // "
        return this.parseString()
      case 0x74: // t
        return this.parseLiteral('true', true)
      case 0x66: // f
        return this.parseLiteral('false', false)
      case 0x6e: // n
        return this.parseLiteral('null', null)
      case 0x4e: // N
        return this.parseLiteral('NaN', Number.NaN)
      case 0x49: // I
        return this.parseLiteral('Infinity', Number.POSITIVE_INFINITY)
      case 0x2d: // -
        if (this.text.charCodeAt(this.pos + 1) === 0x49) {
          return this.parseLiteral('-Infinity', Number.NEGATIVE_INFINITY)
        }
        return this.parseNumber()
      default:
        return isDigit(code) ? this.parseNumber() : this.fail('a JSON value')
    }
  }

  parseLiteral<T extends JsonTree>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`'${word}'`)
    this.pos += word.length
    return value
  }

  parseNumber(): bigint | number {
    const { text } = this
    const start = this.pos
    if (text.charCodeAt(this.pos) === 0x2d) this.pos++
    const first = text.charCodeAt(this.pos)
    if (first === 0x30) {
      if (isDigit(text.charCodeAt(++this.pos))) this.fail('no leading zero')
    } else if (isDigit(first)) {
      while (isDigit(text.charCodeAt(++this.pos))) {}
    } else {
      this.fail('a digit')
    }
    let isFloat = false
    if (text.charCodeAt(this.pos) === 0x2e) {
      isFloat = true
      if (!isDigit(text.charCodeAt(++this.pos))) this.fail('a digit after the decimal point')
      while (isDigit(text.charCodeAt(++this.pos))) {}
    }
    const e = text.charCodeAt(this.pos)
    if (e === 0x65 || e === 0x45) {
      isFloat = true
      const sign = text.charCodeAt(++this.pos)
      if (sign === 0x2b || sign === 0x2d) this.pos++
      if (!isDigit(text.charCodeAt(this.pos))) this.fail('a digit in the exponent')
      while (isDigit(text.charCodeAt(++this.pos))) {}
    }
    const lexeme = text.slice(start, this.pos)
    // Float lexemes parse to the same double as in Python (FORMAT.md §10); integers stay exact.
    return isFloat ? Number(lexeme) : BigInt(lexeme)
  }

  parseString(): string {
    const { text } = this
    let start = ++this.pos
    let decoded = ''
    for (;;) {
      const code = text.charCodeAt(this.pos)
      if (code === 0x22) {
        const value = decoded + text.slice(start, this.pos)
        this.pos++
        return value
      }
      if (code === 0x5c) {
        decoded += text.slice(start, this.pos) + this.parseEscape()
        start = this.pos
      } else if (code < 0x20 || Number.isNaN(code)) {
        // Raw control characters are not allowed inside strings (RFC 8259, Python's strict mode).
        this.fail(
          Number.isNaN(code) ? "'\"' to close the string" : 'an escape instead of a control character',
        )
      } else {
        this.pos++
      }
    }
  }

  /** Reads one escape sequence starting at the backslash and returns the UTF-16 unit it stands for. */
  parseEscape(): string {
    const { text } = this
    const letter = text[this.pos + 1] ?? ''
    if (letter === 'u') {
      let unit = 0
      for (let i = 2; i < 6; i++) {
        const digit = hexDigitValue(text.charCodeAt(this.pos + i))
        if (digit < 0) this.fail('four hex digits after \\u', this.pos + i)
        unit = unit * 16 + digit
      }
      this.pos += 6
      // Each \uXXXX is one UTF-16 unit: pairs join by themselves, lone surrogates stay as they are.
      return String.fromCharCode(unit)
    }
    const unit = SIMPLE_ESCAPES[letter]
    if (unit === undefined)
      return this.fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', this.pos + 1)
    this.pos += 2
    return unit
  }

  parseArray(): JsonTree[] {
    this.pos++
    const items: JsonTree[] = []
    if (this.skipWhitespace() === 0x5d) {
      this.pos++
      return items
    }
    for (;;) {
      items.push(this.parseValue())
      const code = this.skipWhitespace()
      this.pos++
      if (code === 0x5d) return items
      if (code !== 0x2c) this.fail("',' or ']'", this.pos - 1)
    }
  }

  parseObject(): { [key: string]: JsonTree } {
    this.pos++
    const members: { [key: string]: JsonTree } = {}
    let code = this.skipWhitespace()
    if (code === 0x7d) {
      this.pos++
      return members
    }
    for (;;) {
      if (code !== 0x22) this.fail('a string key in double quotes')
      const key = this.parseString()
      if (this.skipWhitespace() !== 0x3a) this.fail("':'")
      this.pos++
      const value = this.parseValue()
      if (key === '__proto__') {
        // A plain assignment would set the prototype instead of creating the member.
        Object.defineProperty(members, key, { value, enumerable: true, writable: true, configurable: true })
      } else {
        members[key] = value
      }
      code = this.skipWhitespace()
      this.pos++
      if (code === 0x7d) return members
      if (code !== 0x2c) this.fail("',' or '}'", this.pos - 1)
      code = this.skipWhitespace()
    }
  }
}

/**
 * Parses one JSON text exactly (FORMAT.md §5, §10): standard JSON plus bare `NaN`, `Infinity` and
 * `-Infinity`; integer tokens become `bigint` of any size, float tokens `number` (`-0.0` stays −0); string
 * escapes decode to UTF-16 units, lone surrogates included. Duplicate keys keep the last value, as in Python.
 *
 * @throws {HypergolError} `E_JSON_SYNTAX` naming the position and what was expected.
 * @example
 * parseJsonTree('{"a": 3, "b": 3.0}') // { a: 3n, b: 3 }
 */
export const parseJsonTree = (text: string): JsonTree => {
  const parser = new JsonTreeParser(text)
  let value: JsonTree
  try {
    value = parser.parseValue()
  } catch (error) {
    // Only a stack overflow throws a RangeError here: report it like Python's RecursionError, as bad input.
    if (!(error instanceof RangeError)) throw error
    throw new HypergolError('E_JSON_SYNTAX', 'Invalid JSON: nested too deeply to parse.', { cause: error })
  }
  if (!Number.isNaN(parser.skipWhitespace())) parser.fail('the end of the input')
  return value
}

/**
 * Parses the one JSON value at the start of `text` exactly, as {@link parseJsonTree} does, and says how many
 * UTF-16 units it took (leading whitespace included); what follows it is left unread. Internal: the line
 * parsers read `json` members with it.
 *
 * @throws {HypergolError} `E_JSON_SYNTAX` when no whole value starts the text.
 */
export const parseJsonTreePrefix = (text: string): { value: JsonTree; length: number } => {
  const parser = new JsonTreeParser(text)
  const value = parser.parseValue()
  return { value, length: parser.pos }
}

const failRender = (value: unknown): never => {
  throw new HypergolError('E_DATA_INVALID', `Cannot write a ${typeof value} value as JSON.`)
}

/** The element or member itself; `undefined` (a hole, or a missing member) is not JSON. */
const present = (value: JsonTree | undefined): JsonTree => (value === undefined ? failRender(value) : value)

/**
 * Writes a JSON tree as one canonical line, as Python's `json.dumps(value, sort_keys=True)` does (FORMAT.md
 * §5): `", "` and `": "` separators, keys sorted by code point at every level, ASCII-only strings, `bigint`
 * as digits and `number` as a Python float (`3` → `3.0`). No trailing newline.
 *
 * @throws {HypergolError} `E_DATA_INVALID` for a value that is not a JSON tree (e.g. `undefined`).
 * @example
 * renderJsonTree({ b: [1, 2n], a: 1n }) // '{"a": 1, "b": [1.0, 2]}'
 */
export const renderJsonTree = (value: JsonTree): string => {
  switch (typeof value) {
    case 'string':
      return renderString(value)
    case 'number':
      return renderFloat(value)
    case 'bigint':
      return value.toString()
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) {
        let text = ''
        for (let i = 0; i < value.length; i++) text += `, ${renderJsonTree(present(value[i]))}`
        return `[${text.slice(2)}]`
      }
      let text = ''
      for (const key of sortKeys(Object.keys(value))) {
        text += `, ${renderString(key)}: ${renderJsonTree(present(value[key]))}`
      }
      return `{${text.slice(2)}}`
    }
    default:
      return failRender(value)
  }
}

const renderIndented = (value: JsonTree, indent: string): string => {
  if (typeof value !== 'object' || value === null) return renderJsonTree(value)
  const inner = `${indent}    `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    let text = '[\n'
    for (let i = 0; i < value.length; i++) {
      text += `${i === 0 ? '' : ',\n'}${inner}${renderIndented(present(value[i]), inner)}`
    }
    return `${text}\n${indent}]`
  }
  const keys = sortKeys(Object.keys(value))
  if (keys.length === 0) return '{}'
  const members = keys.map(
    (key) => `${inner}${renderString(key)}: ${renderIndented(present(value[key]), inner)}`,
  )
  return `{\n${members.join(',\n')}\n${indent}}`
}

/**
 * Writes a JSON tree the way `.def` and `.chk` files hold it, Python's
 * `json.dumps(value, sort_keys=True, indent=4)` (FORMAT.md §8): one member or element per line, 4 spaces per
 * level, `,` + newline between them, `[]` / `{}` when empty, ASCII-only strings, no trailing newline.
 *
 * @throws {HypergolError} `E_DATA_INVALID` for a value that is not a JSON tree (e.g. `undefined`).
 */
export const renderJsonTreeIndented = (value: JsonTree): string => renderIndented(value, '')
