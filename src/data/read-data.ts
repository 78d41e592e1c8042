/**
 * @module read-data
 * The inverse of `render-data`: a parsed JSON value → a data object (Python's `from_data`), checked against
 * the field map. Works on two inputs (FORMAT.md §10):
 *
 * - `fast`: the output of `JSON.parse`. Integers beyond ±(2^53−1) were already rounded there, and `3.0` became
 *   `3`, so any unsafe integer in a numeric member, and any `json` member, throws {@link NeedsExactParse} and
 *   the caller parses the line again exactly.
 * - `exact`: the output of `parseJsonTree`, where integer tokens are `bigint` and float tokens `number`.
 */
import { HypergolError } from '../errors.ts'
import { DataPathError, describeValue, rethrowWithin } from './data-path-error.ts'
import type { FieldMap, FieldSpec, NestedDataClass } from './field.ts'
import { copyJsonValue } from './json-member.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

/** Thrown by the fast path when the line must be parsed again with the exact parser. Internal. */
export class NeedsExactParse extends Error {
  override readonly name = 'NeedsExactParse'
}
const NEEDS_EXACT = new NeedsExactParse('integer beyond 2^53 or a json member: parse the line exactly')

type Read = (value: unknown, exact: boolean) => unknown

/** Builds an instance of a data class from already converted member values. */
export type BuildInstance = (values: Record<string, unknown>) => object

const readers = new WeakMap<FieldMap, (value: unknown, exact: boolean, build: BuildInstance) => object>()

const fail = (expected: string, value: unknown): never => {
  throw new DataPathError(`expected ${expected}, got ${describeValue(value)}`)
}

const precisionError = (value: bigint, what: string): never => {
  throw new DataPathError(
    `integer ${value} is beyond ±2^53 and cannot be held exactly ${what}`,
    'E_INT_PRECISION',
  )
}

const readInt: Read = (value, exact) => {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value
    if (!exact && Number.isInteger(value)) throw NEEDS_EXACT
    return fail('an integer', value)
  }
  if (typeof value === 'bigint') {
    return value >= -9007199254740991n && value <= 9007199254740991n
      ? Number(value)
      : precisionError(value, 'in an int field; declare it with field.bigint()')
  }
  return fail('an integer', value)
}

const readBigint: Read = (value, exact) => {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (Number.isSafeInteger(value)) return BigInt(value)
    if (!exact) throw NEEDS_EXACT
  }
  return fail('an integer', value)
}

const readFloat: Read = (value, exact) => {
  if (typeof value === 'number') {
    // JSON.parse rounds a huge integer token silently; only the exact parser can tell `1e+20` from it.
    if (!exact && Number.isInteger(value) && !Number.isSafeInteger(value)) throw NEEDS_EXACT
    return value
  }
  if (typeof value === 'bigint') {
    // Python may store an int in a float member (it does not coerce); accept it when the double is exact.
    const asNumber = Number(value)
    return BigInt(asNumber) === value ? asNumber : precisionError(value, 'in a float field')
  }
  return fail('a number', value)
}

const readString: Read = (value) => (typeof value === 'string' ? value : fail('a string', value))

const readBool: Read = (value) => (typeof value === 'boolean' ? value : fail('a boolean', value))

// JSON.parse reads `3` and `3.0` as the same number; only the exact parser keeps a json member's ints apart.
const readJson: Read = (value, exact) => {
  if (!exact) throw NEEDS_EXACT
  return copyJsonValue(value)
}

const readTemporal =
  (parse: (text: string) => unknown, name: string): Read =>
  (value) => {
    if (typeof value !== 'string') return fail(`an ISO ${name} string`, value)
    try {
      return parse(value)
    } catch (error) {
      throw new DataPathError(error instanceof Error ? error.message : String(error))
    }
  }

const readDataField = (dataClass: NestedDataClass): Read => {
  const build: BuildInstance = (values) =>
    new (dataClass as unknown as new (v: typeof values) => object)(values)
  let readNested: ((value: unknown, exact: boolean, build: BuildInstance) => object) | undefined
  return (value, exact) => {
    readNested ??= readObjectOf(dataClass.fields)
    return readNested(value, exact, build)
  }
}

const readList = (item: FieldSpec): Read => {
  const readItem = readerOf(item)
  return (value, exact) => {
    if (!Array.isArray(value)) return fail('an array', value)
    const result = new Array(value.length)
    for (let i = 0; i < value.length; i++) {
      try {
        result[i] = readItem(value[i], exact)
      } catch (error) {
        rethrowWithin(error, i)
      }
    }
    return result
  }
}

const readOptional = (item: FieldSpec): Read => {
  const readItem = readerOf(item)
  return (value, exact) => (value === null ? null : readItem(value, exact))
}

const readerOf = (spec: FieldSpec): Read => {
  switch (spec.kind) {
    case 'int':
      return readInt
    case 'bigint':
      return readBigint
    case 'float':
      return readFloat
    case 'str':
    case 'object':
      return readString
    case 'bool':
      return readBool
    case 'datetime':
      return readTemporal(DateTime.parse, 'datetime')
    case 'date':
      return readTemporal(CalendarDate.parse, 'date')
    case 'time':
      return readTemporal(TimeOfDay.parse, 'time')
    case 'json':
      return readJson
    case 'data':
      return readDataField(spec.dataClass)
    case 'list':
      return readList(spec.item)
    case 'optional':
      return readOptional(spec.item)
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const compileObjectReader = (fields: FieldMap) => {
  const members = Object.entries(fields).map(([name, spec]) => ({
    name,
    read: readerOf(spec),
    optional: spec.kind === 'optional',
  }))
  return (value: unknown, exact: boolean, build: BuildInstance): object => {
    if (!isPlainObject(value)) return fail('an object', value)
    const values: Record<string, unknown> = {}
    let present = 0
    for (const member of members) {
      const raw = value[member.name]
      if (raw === undefined) {
        if (member.optional) {
          values[member.name] = null
          continue
        }
        throw new DataPathError('missing').within(member.name)
      }
      present++
      try {
        values[member.name] = member.read(raw, exact)
      } catch (error) {
        rethrowWithin(error, member.name)
      }
    }
    if (Object.keys(value).length !== present) {
      const unknown = Object.keys(value).filter((key) => !(key in fields))
      throw new DataPathError(
        `unknown member${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}`,
      )
    }
    return build(values)
  }
}

/**
 * The reader of a field map, compiled once and cached: checks a parsed JSON object member by member and
 * hands the converted values to `build`.
 *
 * @throws DataPathError naming the first bad member; NeedsExactParse on the fast path (see module doc).
 */
export const readObjectOf = (
  fields: FieldMap,
): ((value: unknown, exact: boolean, build: BuildInstance) => object) => {
  let read = readers.get(fields)
  if (read === undefined) {
    read = compileObjectReader(fields)
    readers.set(fields, read)
  }
  return read
}

/** Wraps a {@link DataPathError} into the user-facing `E_DATA_INVALID` error, prefixed with `where`. */
export const toDataError = (error: unknown, where: string): unknown => {
  if (!(error instanceof DataPathError)) return error
  return new HypergolError(error.code, `${where}: field ${error.pathText}: ${error.reason}`, { cause: error })
}
