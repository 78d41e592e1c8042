/**
 * @module codegen-render
 * The fast path of the canonical writer (FORMAT.md §5): one function generated per field map that reads
 * members as static properties, checks their types inline and writes the line's bytes (keys as
 * precomputed byte stores) into a {@link ByteOut}. It only knows *that* a value is wrong (it throws
 * {@link BAIL}); `render-data` then runs its closure-based renderer on the same object for the path and
 * the reason. Output is always ASCII, so its bytes are also its text.
 */
import { bail, CodeBuilder, canCompile } from './codegen.ts'
import type { FieldMap, FieldSpec, NestedDataClass } from './field.ts'
import { renderJsonValue } from './json-member.ts'
import { renderString, sortKeys } from './json-string.ts'
import {
  type ByteOut,
  TEMPORAL_ROOM,
  writeAscii,
  writeFloat,
  writeInt,
  writeString,
  writeTemporal,
} from './render-bytes.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

/** Writes the canonical form of `value` into `out` from offset `at`; returns the end offset. */
export type RenderBytes = (value: unknown, out: ByteOut, at: number) => number

const fastRenderers = new WeakMap<FieldMap, RenderBytes>()
const nestedRenderers = new WeakMap<NestedDataClass, RenderBytes>()

/**
 * The generated renderer of a field map, compiled once and cached. Throws {@link BAIL} (or whatever a
 * member's own `toString` throws) instead of describing a bad value; callers fall back to the slow path.
 * `undefined` when the field map cannot be compiled (see `canCompile`).
 */
export const fastRendererOf = (fields: FieldMap): RenderBytes | undefined => {
  let render = fastRenderers.get(fields)
  if (render === undefined) {
    if (!canCompile(fields)) return undefined
    render = compileRenderer(fields)
    fastRenderers.set(fields, render)
  }
  return render
}

/** Nested classes are rendered by their own generated function, looked up on first use (classes may nest themselves). */
const nestedRendererOf = (dataClass: NestedDataClass): RenderBytes => {
  let nested = nestedRenderers.get(dataClass)
  if (nested === undefined) {
    let render: RenderBytes | undefined
    nested = (value, out, at) => {
      render ??= fastRendererOf(dataClass.fields) ?? bail
      return render(value, out, at)
    }
    nestedRenderers.set(dataClass, nested)
  }
  return nested
}

/** Emits the byte writes of an ASCII literal. */
const emitLiteral = (code: CodeBuilder, text: string): void => {
  emitReserve(code, String(text.length))
  for (let i = 0; i < text.length; i++) code.line(`b[o${i === 0 ? '' : ` + ${i}`}] = ${text.charCodeAt(i)}`)
  code.line(`o += ${text.length}`)
}

/** Emits a check that `size` more bytes fit, growing the buffer otherwise. */
const emitReserve = (code: CodeBuilder, size: string): void => {
  code.line(`if (o + ${size} > b.length) b = out.grow(o, o + ${size})`)
}

/** Emits the checks of `value` (a local holding the member) and the writing of its bytes. */
const emitValue = (code: CodeBuilder, spec: FieldSpec, value: string): void => {
  switch (spec.kind) {
    case 'int':
      code.line(`if (typeof ${value} !== 'number' || !Number.isSafeInteger(${value})) bail()`)
      emitReserve(code, '17')
      code.line(`o = ${code.inject(writeInt, 'writeInt')}(b, o, ${value})`)
      return
    case 'bigint':
      code.line(
        `if (typeof ${value} !== 'bigint' && (typeof ${value} !== 'number' || !Number.isSafeInteger(${value}))) bail()`,
      )
      emitText(code, `${value}.toString()`)
      return
    case 'float':
      code.line(`if (typeof ${value} !== 'number') bail()`)
      emitReserve(code, '25')
      code.line(`o = ${code.inject(writeFloat, 'writeFloat')}(b, o, ${value})`)
      return
    case 'str':
    case 'object':
      code.line(`if (typeof ${value} !== 'string') bail()`)
      emitReserve(code, `6 * ${value}.length + 2`)
      code.line(`o = ${code.inject(writeString, 'writeString')}(b, o, ${value})`)
      return
    case 'bool':
      code.line(`if (typeof ${value} !== 'boolean') bail()`)
      emitReserve(code, '5')
      code.line(`if (${value}) { b[o] = 116; b[o + 1] = 114; b[o + 2] = 117; b[o + 3] = 101; o += 4 }`)
      code.line(`else { b[o] = 102; b[o + 1] = 97; b[o + 2] = 108; b[o + 3] = 115; b[o + 4] = 101; o += 5 }`)
      return
    case 'datetime':
    case 'date':
    case 'time': {
      const type = { datetime: DateTime, date: CalendarDate, time: TimeOfDay }[spec.kind]
      code.line(`if (!(${value} instanceof ${code.inject(type, type.name)})) bail()`)
      // ISO forms are pure ASCII without quotes or backslashes, so they need no escaping. Room for the
      // longest (42 units, with an offset in microseconds) even were it UTF-8 (see writeTemporal).
      emitReserve(code, String(TEMPORAL_ROOM))
      code.line(`o = ${code.inject(writeTemporal, 'writeTemporal')}(b, o, ${value})`)
      return
    }
    case 'json':
      // Its text is ASCII; a value that is not JSON throws, and the slow path names it.
      emitText(code, `${code.inject(renderJsonValue, 'renderJson')}(${value})`)
      return
    case 'data': {
      code.line(`if (!(${value} instanceof ${code.inject(spec.dataClass, 'Data')})) bail()`)
      code.line(`o = ${code.inject(nestedRendererOf(spec.dataClass), 'renderData')}(${value}, out, o)`)
      // The nested renderer may have grown the buffer.
      code.line('b = out.bytes')
      return
    }
    case 'list': {
      const index = code.local('i')
      const element = code.local('e')
      code.line(`if (!Array.isArray(${value})) bail()`)
      emitReserve(code, '2')
      code.line('b[o++] = 91')
      code.line(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`)
      code.line(
        `if (${index} !== 0) { if (o + 2 > b.length) b = out.grow(o, o + 2); b[o] = 44; b[o + 1] = 32; o += 2 }`,
      )
      code.line(`const ${element} = ${value}[${index}]`)
      emitValue(code, spec.item, element)
      code.line('}')
      emitReserve(code, '1')
      code.line('b[o++] = 93')
      return
    }
    case 'optional':
      code.line(`if (${value} === null) {`)
      emitLiteral(code, 'null')
      code.line('} else {')
      emitValue(code, spec.item, value)
      code.line('}')
  }
}

/** Emits the writing of an ASCII text expression (bigint digits, a json member's text). */
const emitText = (code: CodeBuilder, expression: string): void => {
  const text = code.local('t')
  code.line(`const ${text} = ${expression}`)
  emitReserve(code, `${text}.length`)
  code.line(`o = ${code.inject(writeAscii, 'writeAscii')}(b, o, ${text})`)
}

const compileRenderer = (fields: FieldMap): RenderBytes => {
  const code = new CodeBuilder()
  code.line('let b = out.bytes')
  code.line('let o = at')
  const names = sortKeys(Object.keys(fields))
  if (names.length === 0) emitLiteral(code, '{')
  names.forEach((name, i) => {
    const value = code.local('v')
    code.line(`const ${value} = object.${name}`)
    emitLiteral(code, `${i === 0 ? '{' : ', '}${renderString(name)}: `)
    emitValue(code, fields[name] as FieldSpec, value)
  })
  emitLiteral(code, '}')
  code.line('return o')
  return code.compile<RenderBytes>('renderCanonical', ['object', 'out', 'at'])
}
