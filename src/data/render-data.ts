/**
 * @module render-data
 * The canonical writer with a schema: a data object → its canonical line (FORMAT.md §5), without the `\n`.
 * One renderer is compiled per class from its field map and cached; it checks every value's type on the way,
 * so a wrong value fails with its path instead of being written.
 */
import { DataPathError, describeValue, rethrowWithin } from './data-path-error.ts'
import type { FieldMap, FieldSpec, NestedDataClass } from './field.ts'
import { renderFloat } from './float-repr.ts'
import { renderString, sortKeys } from './json-string.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

type Render = (value: unknown) => string

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
    renderNested ??= renderObjectOf(dataClass.fields)
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
export const rendererOf = (spec: FieldSpec): Render => {
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
 * The canonical-object renderer of a field map, compiled once and cached. Keys are sorted by code point;
 * the field types decide int vs float (FORMAT.md §5.5).
 *
 * @throws DataPathError naming the path of the first value that does not match its field spec.
 */
export const renderObjectOf = (fields: FieldMap): Render => {
  let render = renderers.get(fields)
  if (render === undefined) {
    render = compileObjectRenderer(fields)
    renderers.set(fields, render)
  }
  return render
}
