/**
 * @module render-data
 * The canonical writer with a schema: a data object → its canonical line (FORMAT.md §5), without the `\n`.
 * One renderer is compiled per class from its field map and cached; it checks every value's type on the way,
 * so a wrong value fails with its path instead of being written.
 */
import { fastRendererOf, type RenderBytes } from './codegen-render.ts'
import { DataPathError, describeValue, rethrowWithin } from './data-path-error.ts'
import type { FieldMap, FieldSpec, NestedDataClass } from './field.ts'
import { renderFloat } from './float-repr.ts'
import { renderJsonValue } from './json-member.ts'
import { renderString, sortKeys } from './json-string.ts'
import { ByteOut } from './render-bytes.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

type Render = (value: unknown) => string

const slowRenderers = new WeakMap<FieldMap, Render>()
const renderers = new WeakMap<FieldMap, Render>()

const fail = (expected: string, value: unknown): never => {
  throw new DataPathError(`expected ${expected}, got ${describeValue(value)}`)
}

const renderInt: Render = (value) =>
  typeof value === 'number' && Number.isSafeInteger(value)
    ? String(value)
    : fail('a safe integer (use field.bigint() beyond ±2^53)', value)

const renderBigint: Render = (value) => {
  if (typeof value === 'bigint') return value.toString()
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : fail('a bigint', value)
}

const renderFloatValue: Render = (value) =>
  typeof value === 'number' ? renderFloat(value) : fail('a number', value)

const renderStr: Render = (value) =>
  typeof value === 'string' ? renderString(value) : fail('a string', value)

const renderBool: Render = (value) =>
  value === true ? 'true' : value === false ? 'false' : fail('a boolean', value)

// ISO forms are pure ASCII without quotes or backslashes, so they need no escaping.
const renderTemporal =
  (type: typeof DateTime | typeof CalendarDate | typeof TimeOfDay, name: string): Render =>
  (value) =>
    value instanceof type ? `"${value.toString()}"` : fail(`a ${name}`, value)

const renderDataField = (dataClass: NestedDataClass): Render => {
  // Compiled on first use: a class may nest itself (through a list or an optional member).
  let renderNested: Render | undefined
  return (value) => {
    if (!(value instanceof dataClass)) return fail(`a ${dataClass.name}`, value)
    renderNested ??= slowRendererOf(dataClass.fields)
    return renderNested(value)
  }
}

const renderList = (item: FieldSpec): Render => {
  const renderItem = rendererOf(item)
  return (value) => {
    if (!Array.isArray(value)) return fail('an array', value)
    if (value.length === 0) return '[]'
    let text = '['
    for (let i = 0; i < value.length; i++) {
      try {
        text += (i === 0 ? '' : ', ') + renderItem(value[i])
      } catch (error) {
        rethrowWithin(error, i)
      }
    }
    return `${text}]`
  }
}

const renderOptional = (item: FieldSpec): Render => {
  const renderItem = rendererOf(item)
  return (value) => (value === null ? 'null' : renderItem(value))
}

/** The renderer of one field spec. */
const rendererOf = (spec: FieldSpec): Render => {
  switch (spec.kind) {
    case 'int':
      return renderInt
    case 'bigint':
      return renderBigint
    case 'float':
      return renderFloatValue
    case 'str':
    case 'object':
      return renderStr
    case 'bool':
      return renderBool
    case 'datetime':
      return renderTemporal(DateTime, 'DateTime')
    case 'date':
      return renderTemporal(CalendarDate, 'CalendarDate')
    case 'time':
      return renderTemporal(TimeOfDay, 'TimeOfDay')
    case 'json':
      return renderJsonValue
    case 'data':
      return renderDataField(spec.dataClass)
    case 'list':
      return renderList(spec.item)
    case 'optional':
      return renderOptional(spec.item)
  }
}

const compileObjectRenderer = (fields: FieldMap): Render => {
  const names = sortKeys(Object.keys(fields))
  // Each member's text is `<prefix><value>`; the prefix holds the separator and the escaped key.
  const members = names.map((name, i) => {
    const spec = fields[name] as FieldSpec
    return { name, prefix: `${i === 0 ? '{' : ', '}${renderString(name)}: `, render: rendererOf(spec) }
  })
  if (members.length === 0) return () => '{}'
  return (value) => {
    const object = value as Record<string, unknown>
    let text = ''
    for (const member of members) {
      try {
        text += member.prefix + member.render(object[member.name])
      } catch (error) {
        rethrowWithin(error, member.name)
      }
    }
    return `${text}}`
  }
}

/**
 * The closure-based renderer of a field map: the reference the generated one is tested against, and the
 * slow path that explains a bad value.
 *
 * @throws DataPathError naming the path of the first value that does not match its field spec.
 */
export const slowRendererOf = (fields: FieldMap): Render => {
  let render = slowRenderers.get(fields)
  if (render === undefined) {
    render = compileObjectRenderer(fields)
    slowRenderers.set(fields, render)
  }
  return render
}

/** Renders with the generated renderer when it accepts the value; `slow` explains when it does not. */
const renderFast = (fast: RenderBytes, slow: Render, value: unknown, out: ByteOut): number => {
  try {
    return fast(value, out, 0)
  } catch {
    // The generated renderer only says *that* something is wrong: the slow path throws the error with its
    // path (or, were the fast path ever stricter than the reference, still gives the right line), encoded
    // as UTF-8 as lines always were.
    const line = slow(value)
    const size = Buffer.byteLength(line)
    if (size > out.bytes.length) out.grow(0, size)
    return out.bytes.write(line, 0, 'utf8')
  }
}

/** Scratch buffers above this size are not kept between lines. */
const MAX_KEPT_SCRATCH = 1 << 20

/**
 * Renders canonical lines of one field map into a reused buffer: what the dataset writer appends. The
 * bytes are valid until the next call.
 */
export class LineRenderer {
  private out = new ByteOut()
  private readonly fast: RenderBytes | undefined
  private readonly slow: Render

  constructor(fields: FieldMap) {
    this.fast = fastRendererOf(fields)
    this.slow = slowRendererOf(fields)
  }

  /** The buffer holding the last line rendered. */
  get bytes(): Buffer {
    return this.out.bytes
  }

  /**
   * Writes `value`'s canonical line into `out` from `at` with the generated renderer only, for writing in
   * place; returns the end, or -1 when that renderer does not take the value (then {@link render} it,
   * which explains why or writes it the slow way). Bytes past `at` are then undefined.
   */
  renderInto(value: unknown, out: ByteOut, at: number): number {
    if (this.fast === undefined) return -1
    try {
      return this.fast(value, out, at)
    } catch {
      return -1
    }
  }

  /**
   * Renders `value`'s canonical line (FORMAT.md §5, no `\n`) into {@link bytes}; returns its length.
   *
   * @throws DataPathError naming the path of the first value that does not match its field spec.
   */
  render(value: unknown): number {
    if (this.out.bytes.length > MAX_KEPT_SCRATCH) this.out = new ByteOut()
    if (this.fast !== undefined) return renderFast(this.fast, this.slow, value, this.out)
    const line = this.slow(value)
    const size = Buffer.byteLength(line)
    if (size > this.out.bytes.length) this.out.grow(0, size)
    return this.out.bytes.write(line, 0, 'utf8')
  }
}

/** The shared scratch of {@link renderObjectOf}; a nested call (from a user's `toString`) gets its own. */
let scratch: ByteOut | undefined

/**
 * The canonical-object renderer of a field map, compiled once and cached. Keys are sorted by code point;
 * the field types decide int vs float (FORMAT.md §5.5).
 *
 * @throws DataPathError naming the path of the first value that does not match its field spec.
 */
export const renderObjectOf = (fields: FieldMap): Render => {
  let render = renderers.get(fields)
  if (render === undefined) {
    const slow = slowRendererOf(fields)
    const fast = fastRendererOf(fields)
    render =
      fast === undefined
        ? slow
        : (value) => {
            const out = scratch ?? new ByteOut()
            scratch = undefined
            try {
              const length = fast(value, out, 0)
              // Read `out.bytes` only now: rendering may have replaced it with a larger buffer. The fast
              // path writes ASCII only, so its bytes read back one unit per byte.
              return out.bytes.toString('latin1', 0, length)
            } catch {
              return slow(value)
            } finally {
              if (out.bytes.length <= MAX_KEPT_SCRATCH) scratch = out
            }
          }
    renderers.set(fields, render)
  }
  return render
}
