/**
 * @module codegen-read
 * The fast path of the reader (FORMAT.md §10): one function generated per field map that turns the output
 * of `JSON.parse` into an instance, with static property accesses, inline type checks and one object
 * literal handed to the constructor. It accepts exactly what `read-data`'s `fast` mode accepts without
 * throwing, and throws {@link BAIL} (or lets a temporal parse error through) on anything else; the caller
 * then reruns the parsed value through `read-data`, which names the path and the reason, or asks for the
 * exact parser. The parsed value is never modified, so that rerun sees what the fast path saw.
 */
import { bail, CodeBuilder, canCompile, MAX_SAFE } from './codegen.ts'
import type { FieldMap, FieldSpec, NestedDataClass } from './field.ts'
import type { BuildInstance } from './read-data.ts'
import { parseDate, parseDateTime, parseTime } from './temporal-fast.ts'

/** Reads one `JSON.parse`d object and hands its converted members to `build`. */
export type FastRead = (value: unknown, build: BuildInstance) => object

const fastReaders = new WeakMap<FieldMap, FastRead>()
const nestedReaders = new WeakMap<NestedDataClass, (value: unknown) => object>()

/**
 * The generated reader of a field map, compiled once and cached; `undefined` when the field map cannot be
 * compiled (see `canCompile`), in which case the slow path is the only one.
 */
export const fastReaderOf = (fields: FieldMap): FastRead | undefined => {
  let read = fastReaders.get(fields)
  if (read === undefined) {
    if (!canCompile(fields)) return undefined
    read = compileReader(fields)
    fastReaders.set(fields, read)
  }
  return read
}

/** Reads a nested member into an instance of its class, with that class's reader looked up on first use. */
const nestedReaderOf = (dataClass: NestedDataClass): ((value: unknown) => object) => {
  let nested = nestedReaders.get(dataClass)
  if (nested === undefined) {
    const build: BuildInstance = (values) =>
      new (dataClass as unknown as new (v: typeof values) => object)(values)
    let read: FastRead | undefined
    nested = (value) => {
      read ??= fastReaderOf(dataClass.fields) ?? bail
      return read(value, build)
    }
    nestedReaders.set(dataClass, nested)
  }
  return nested
}

/** Whether values of `spec` come out of JSON.parse as they are stored (so a list of them can be kept). */
const isKeptAsParsed = (spec: FieldSpec): boolean =>
  spec.kind === 'int' ||
  spec.kind === 'float' ||
  spec.kind === 'str' ||
  spec.kind === 'object' ||
  spec.kind === 'bool'

/**
 * Emits the checks and conversion of the parsed value in local `value`; returns the expression of the
 * converted value (valid after the emitted statements).
 */
const emitValue = (code: CodeBuilder, spec: FieldSpec, value: string): string => {
  switch (spec.kind) {
    case 'int':
      code.line(`if (typeof ${value} !== 'number' || !Number.isSafeInteger(${value})) bail()`)
      return value
    case 'bigint':
      // An unsafe integer token was rounded by JSON.parse: bail, and the slow path asks for an exact parse.
      code.line(`if (typeof ${value} !== 'number' || !Number.isSafeInteger(${value})) bail()`)
      return `BigInt(${value})`
    case 'float':
      // Beyond ±(2^53−1) every double is an integer that JSON.parse may have rounded (slow path decides).
      code.line(
        `if (typeof ${value} !== 'number' || !(${value} <= ${MAX_SAFE} && ${value} >= -${MAX_SAFE})) bail()`,
      )
      return value
    case 'str':
    case 'object':
      code.line(`if (typeof ${value} !== 'string') bail()`)
      return value
    case 'bool':
      code.line(`if (typeof ${value} !== 'boolean') bail()`)
      return value
    case 'datetime':
    case 'date':
    case 'time': {
      const parse = { datetime: parseDateTime, date: parseDate, time: parseTime }[spec.kind]
      code.line(`if (typeof ${value} !== 'string') bail()`)
      return `${code.inject(parse, 'parse')}(${value})`
    }
    case 'json':
      // JSON.parse made `3.0` into `3`: only the exact parser can read a json member (decode-line).
      code.line('bail()')
      return value
    case 'data':
      return `${code.inject(nestedReaderOf(spec.dataClass), 'readData')}(${value})`
    case 'list':
      return emitList(code, spec.item, value)
    case 'optional': {
      const result = code.local('c')
      code.line(`let ${result} = null`)
      code.line(`if (${value} !== null) {`)
      code.line(`${result} = ${emitValue(code, spec.item, value)}`)
      code.line('}')
      return result
    }
  }
}

/** Emits a loop over the array in `value`; returns the local holding the converted array. */
const emitList = (code: CodeBuilder, item: FieldSpec, value: string): string => {
  const index = code.local('i')
  const element = code.local('e')
  code.line(`if (!Array.isArray(${value})) bail()`)
  if (isKeptAsParsed(item)) {
    // Checked in place and kept: the array came from JSON.parse and nothing else refers to it.
    code.line(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`)
    code.line(`const ${element} = ${value}[${index}]`)
    emitValue(code, item, element)
    code.line('}')
    return value
  }
  const result = code.local('a')
  code.line(`const ${result} = new Array(${value}.length)`)
  code.line(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`)
  code.line(`const ${element} = ${value}[${index}]`)
  code.line(`${result}[${index}] = ${emitValue(code, item, element)}`)
  code.line('}')
  return result
}

const compileReader = (fields: FieldMap): FastRead => {
  const code = new CodeBuilder()
  const entries = Object.entries(fields)
  const required = entries.filter(([, spec]) => spec.kind !== 'optional').length
  code.line("if (typeof object !== 'object' || object === null || Array.isArray(object)) bail()")
  code.line(`let present = ${required}`)
  const members: string[] = []
  for (const [name, spec] of entries) {
    const value = code.local('v')
    const result = code.local('c')
    code.line(`const ${value} = object.${name}`)
    if (spec.kind === 'optional') {
      // A left-out optional member reads as null and is not counted as present (as in read-data).
      code.line(`let ${result} = null`)
      code.line(`if (${value} !== undefined) {`)
      code.line('present++')
      code.line(`${result} = ${emitValue(code, spec, value)}`)
      code.line('}')
    } else {
      code.line(`if (${value} === undefined) bail()`)
      // Converted right away, in declaration order, so nested constructors run in the slow path's order.
      code.line(`const ${result} = ${emitValue(code, spec, value)}`)
    }
    members.push(`${name}: ${result}`)
  }
  // Any key that is not a member makes the counts differ; read-data then names the unknown keys.
  code.line('if (Object.keys(object).length !== present) bail()')
  code.line(`return build({ ${members.join(', ')} })`)
  return code.compile<FastRead>('readParsed', ['object', 'build'])
}
