/**
 * @module to-data
 * A data object → its plain `toData()` tree (Python's `to_data`): temporal members become their ISO strings,
 * nested objects their own `toData()`, lists element-wise. `bigint` members stay `bigint`, and `json` members
 * are copies of their JSON tree (integers as `bigint`, floats as `number`).
 */
import type { FieldMap, FieldSpec } from './field.ts'
import { cloneJsonValue } from './json-member.ts'

interface HasToData {
  toData(): Record<string, unknown>
}

const hasToData = (value: unknown): value is HasToData =>
  typeof value === 'object' && value !== null && typeof (value as Partial<HasToData>).toData === 'function'

/** Kinds whose values are already their own `toData()` form. */
const PLAIN_KINDS: ReadonlySet<FieldSpec['kind']> = new Set([
  'int',
  'bigint',
  'float',
  'str',
  'bool',
  'object',
])

const toDataValue = (spec: FieldSpec, value: unknown): unknown => {
  switch (spec.kind) {
    case 'datetime':
    case 'date':
    case 'time':
      return typeof value === 'object' && value !== null ? String(value) : value
    case 'json':
      // A copy, as for lists: changing the tree toData() gave must not change the object.
      return cloneJsonValue(value)
    case 'data':
      // The nested object's own toData(), so a class that overrides it is honoured.
      return hasToData(value) ? value.toData() : value
    case 'list':
      if (!Array.isArray(value)) return value
      // A list of plain values is copied whole rather than item by item: it is on every served request's path.
      return PLAIN_KINDS.has(spec.item.kind)
        ? value.slice()
        : value.map((item) => toDataValue(spec.item, item))
    case 'optional':
      return value === null ? null : toDataValue(spec.item, value)
    default:
      return value
  }
}

/** The `toData()` tree of `object`, member by member in declaration order. */
export const toDataTree = (fields: FieldMap, object: object): Record<string, unknown> => {
  const source = object as Record<string, unknown>
  const data: Record<string, unknown> = {}
  for (const name in fields) data[name] = toDataValue(fields[name] as FieldSpec, source[name])
  return data
}
