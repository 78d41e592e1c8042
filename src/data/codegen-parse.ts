/**
 * @module codegen-parse
 * The fastest reading path (FORMAT.md §5, §10): a parser generated per field map that reads a line in
 * exactly the canonical form straight from the decompressed bytes and builds the instance, without
 * `JSON.parse` and its intermediate objects. It accepts a strict subset of what the general path accepts
 * and gives the same objects for it:
 *
 * - every member present, in canonical key order and spacing, nothing else (Python and our writer always
 *   write lines like this);
 * - strings of printable ASCII without escapes (copied out of the bytes, so they do not pin the block);
 * - integers of at most 15 digits (always exact), floats as `Number` reads their lexeme (what `JSON.parse`
 *   does), and no `NaN`/`Infinity`;
 * - `json` members of ASCII, read by the exact tree parser (so any JSON value there, `NaN` included).
 *
 * Anything else returns `undefined`, and the caller decodes the line as text through `decode-line`, which
 * also produces every error message.
 */
import { CodeBuilder, canCompile, MAX_SAFE } from './codegen.ts'
import type { FieldMap, FieldSpec } from './field.ts'
import { jsonBytesRead, readJsonBytes } from './json-member.ts'
import { renderString, sortKeys } from './json-string.ts'
import type { BuildInstance } from './read-data.ts'
import { parseDate, parseDateTime, parseTime, readDate, readDateTime, readTime } from './temporal-fast.ts'

/** Parses the canonical line in `bytes[start, end)`, or returns `undefined` when it is not one. */
export type CanonicalParse = (
  bytes: Buffer,
  start: number,
  end: number,
  build: BuildInstance,
) => object | undefined

/** Thrown while generating when a class nests itself: such field maps use the general path only. */
class Uncompilable extends Error {}

/** The powers of ten that doubles hold exactly: 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * The Buffer method that turns bytes into a string one unit per byte. `latin1Slice` (Node's, kept by Bun)
 * skips `toString`'s argument handling, which showed up in profiles; both give the same text.
 */
const latin1 = (start: string, end: string): string =>
  'latin1Slice' in Buffer.prototype
    ? `b.latin1Slice(${start}, ${end})`
    : `b.toString('latin1', ${start}, ${end})`

/** The text of the string token's contents `b[s, p)`, checked to be printable ASCII. */
const TEXT = latin1('s', 'p')

/** Generated lines above which a field map is left to the general path. */
const MAX_LINES = 20_000

const parsers = new WeakMap<FieldMap, CanonicalParse | null>()

/**
 * The canonical-line parser of a field map, generated once and cached; `undefined` when the field map
 * cannot be compiled (a member name that is not an identifier, or a class that nests itself).
 */
export const canonicalParserOf = (fields: FieldMap): CanonicalParse | undefined => {
  let parse = parsers.get(fields)
  if (parse === undefined) {
    parse = compileParser(fields)
    parsers.set(fields, parse)
  }
  return parse ?? undefined
}

/** Emits byte-matching code; literal text is collected and checked in one condition before the next read. */
class Emitter {
  private pending = ''
  private lines = 0

  constructor(
    readonly code: CodeBuilder,
    private readonly open: FieldMap[] = [],
  ) {}

  /** Expects `text` (ASCII) at the current position. */
  literal(text: string): void {
    this.pending += text
  }

  /** Appends a statement, after the check of any pending literal. */
  line(statement: string): void {
    // Classes nested many times over could make the code explode; they keep the general path.
    if (++this.lines > MAX_LINES) throw new Uncompilable()
    if (this.pending !== '') {
      const checks = [...this.pending].map(
        (char, i) => `b[p${i === 0 ? '' : ` + ${i}`}] !== ${char.charCodeAt(0)}`,
      )
      this.code.line(`if (${checks.join(' || ')}) return undefined`)
      this.code.line(`p += ${this.pending.length}`)
      this.pending = ''
    }
    this.code.line(statement)
  }

  /** Emits the members of an object of `fields` (braces included); returns the members' object literal. */
  object(fields: FieldMap): string {
    if (this.open.includes(fields) || !canCompile(fields)) throw new Uncompilable()
    this.open.push(fields)
    const names = sortKeys(Object.keys(fields))
    const locals = new Map<string, string>()
    this.literal('{')
    names.forEach((name, i) => {
      this.literal(`${i === 0 ? '' : ', '}${renderString(name)}: `)
      locals.set(name, this.value(fields[name] as FieldSpec))
    })
    this.literal('}')
    this.open.pop()
    // Handed over in declaration order, like the other readers do.
    return `{ ${Object.keys(fields)
      .map((name) => `${name}: ${locals.get(name)}`)
      .join(', ')} }`
  }

  /** Emits the parse of one value; returns the local holding it. */
  value(spec: FieldSpec): string {
    const target = this.code.local('m')
    switch (spec.kind) {
      case 'int':
        this.integer()
        this.line(`if (n > ${MAX_SAFE} || c === 46 || c === 101 || c === 69) return undefined`)
        this.line(`const ${target} = neg ? -n : n`)
        return target
      case 'bigint':
        this.integer()
        this.line(`if (c === 46 || c === 101 || c === 69) return undefined`)
        // Below 2^53 the double is exact (see `integer`); larger ones are read from their digits.
        this.line(
          `const ${target} = n > ${MAX_SAFE} ? BigInt(${latin1('neg ? s - 1 : s', 'p')}) : BigInt(neg ? -n : n)`,
        )
        return target
      case 'float':
        this.float(target)
        return target
      case 'str':
      case 'object':
        this.string(target)
        return target
      case 'bool':
        this.line(`let ${target}`)
        this.line(`if (b[p] === 116 && b[p + 1] === 114 && b[p + 2] === 117 && b[p + 3] === 101) {`)
        this.line(`${target} = true`)
        this.line('p += 4')
        this.line(
          `} else if (b[p] === 102 && b[p + 1] === 97 && b[p + 2] === 108 && b[p + 3] === 115 && b[p + 4] === 101) {`,
        )
        this.line(`${target} = false`)
        this.line('p += 5')
        this.line('} else return undefined')
        return target
      case 'datetime':
      case 'date':
      case 'time': {
        const read = { datetime: readDateTime, date: readDate, time: readTime }[spec.kind]
        const parse = { datetime: parseDateTime, date: parseDate, time: parseTime }[spec.kind]
        this.stringBytes()
        // Read from the bytes; other forms (offsets, …) through the text. A bad one throws, which the
        // caller's catch turns into `undefined`: the general path explains it.
        this.line(
          `const ${target} = ${this.code.inject(read, 'read')}(b, s, p) ?? ${this.code.inject(parse, 'parse')}(${TEXT})`,
        )
        this.literal('"')
        return target
      }
      case 'json':
        // Read exactly (3 and 3.0 apart) by the tree parser; a non-ASCII byte declines the line.
        this.line(`const ${target} = ${this.code.inject(readJsonBytes, 'readJson')}(b, p, end)`)
        this.line(`if (${target} === undefined) return undefined`)
        this.line(`p = ${this.code.inject(jsonBytesRead, 'jsonRead')}.end`)
        return target
      case 'data': {
        const members = this.object(spec.dataClass.fields)
        this.line(`const ${target} = new ${this.code.inject(spec.dataClass, 'Data')}(${members})`)
        return target
      }
      case 'list':
        this.list(spec.item, target)
        return target
      case 'optional': {
        this.line(`let ${target} = null`)
        this.line(`if (b[p] === 110) {`)
        this.line('if (b[p + 1] !== 117 || b[p + 2] !== 108 || b[p + 3] !== 108) return undefined')
        this.line('p += 4')
        this.line('} else {')
        const item = this.value(spec.item)
        this.line(`${target} = ${item}`)
        this.line('}')
        return target
      }
    }
  }

  /**
   * An integer token: sign in `neg`, magnitude in `n`, digits from `s` to `p`. Every partial value of `n`
   * is at most the final one, so `n <= 2^53 − 1` means no step rounded and `n` is exact.
   */
  private integer(): void {
    this.line('c = b[p]')
    this.line('neg = c === 45')
    this.line('if (neg) c = b[++p]')
    this.line('s = p')
    this.line('n = c - 48')
    // A leading 0 stands alone (JSON has no leading zeros); a digit after it fails the next literal.
    this.line('if (n === 0) c = b[++p]')
    this.line('else if (n > 0 && n <= 9) {')
    this.line('c = b[++p]')
    this.line('while (c >= 48 && c <= 57) { n = n * 10 + (c - 48); c = b[++p] }')
    this.line('} else return undefined')
  }

  /** A number token as a double, exactly as `JSON.parse` reads it. */
  private float(target: string): void {
    const pow10 = this.code.inject(POW10, 'POW10')
    const start = this.code.local('f')
    const exponent = this.code.local('x')
    this.line(`const ${start} = p`)
    this.integer()
    this.line('k = 0')
    this.line('if (c === 46) {')
    this.line('c = b[++p]')
    this.line('if (!(c >= 48 && c <= 57)) return undefined')
    this.line('do { n = n * 10 + (c - 48); k++; c = b[++p] } while (c >= 48 && c <= 57)')
    this.line('}')
    this.line(`let ${exponent} = false`)
    this.line('if (c === 101 || c === 69) {')
    this.line(`${exponent} = true`)
    this.line('c = b[++p]')
    this.line('if (c === 43 || c === 45) c = b[++p]')
    this.line('if (!(c >= 48 && c <= 57)) return undefined')
    this.line('do c = b[++p]; while (c >= 48 && c <= 57)')
    this.line('}')
    this.line(`let ${target}`)
    // Without an exponent, with all digits as the integer n below 2^53 (exact, see `integer`) and k ≤ 22
    // fraction digits, n and 10^k are exact doubles and one division rounds correctly (Clinger's fast
    // path): the double JSON.parse gives. Otherwise Number reads the lexeme, except for an integer token
    // beyond 2^53, which the general path must see (FORMAT.md §10).
    this.line(
      `if (!${exponent} && k <= 22 && n <= ${MAX_SAFE}) ${target} = neg ? -(n / ${pow10}[k]) : n / ${pow10}[k]`,
    )
    this.line(`else if (!${exponent} && k === 0) return undefined`)
    this.line(`else ${target} = +${latin1(start, 'p')}`)
  }

  /** A string token of printable ASCII without escapes, copied out of the bytes. */
  private string(target: string): void {
    this.stringBytes()
    this.line(`const ${target} = ${TEXT}`)
    this.literal('"')
  }

  /** Finds the contents of a string token of printable ASCII without escapes: `b[s, p)`, `p` on the `"`. */
  private stringBytes(): void {
    this.literal('"')
    this.line('s = p')
    this.line('c = b[p]')
    this.line('while (c !== 34) {')
    this.line('if (c === 92 || !(c >= 32 && c <= 126)) return undefined')
    this.line('c = b[++p]')
    this.line('}')
  }

  /** A list: `[]`, or items separated by `, `. */
  private list(item: FieldSpec, target: string): void {
    this.literal('[')
    this.line(`const ${target} = []`)
    this.line('if (b[p] === 93) p++')
    this.line('else for (;;) {')
    const value = this.value(item)
    this.line(`${target}.push(${value})`)
    this.line('c = b[p]')
    this.line('if (c === 93) { p++; break }')
    this.line('if (c !== 44 || b[p + 1] !== 32) return undefined')
    this.line('p += 2')
    this.line('}')
  }
}

const compileParser = (fields: FieldMap): CanonicalParse | null => {
  const code = new CodeBuilder()
  const emit = new Emitter(code)
  code.line('let p = start, c = 0, s = 0, n = 0, k = 0, neg = false')
  code.line('try {')
  let members: string
  try {
    members = emit.object(fields)
  } catch (error) {
    if (error instanceof Uncompilable) return null
    throw error
  }
  emit.line('if (p !== end) return undefined')
  code.line(`return build(${members})`)
  // Constructors and temporal parsers throw on bad values; the general path reports them.
  code.line('} catch { return undefined }')
  return code.compile<CanonicalParse>('parseCanonical', ['b', 'start', 'end', 'build'])
}
