/**
 * @module to-data
 * A data object → its plain `toData()` tree (Python's `to_data`): temporal members become their ISO strings,
 * nested objects their own `toData()`, lists element-wise. `bigint` members stay `bigint`.
 */
import type { FieldMap, FieldSpec } from './field.ts'

interface HasToData {
  toData(): Record<string, unknown>
}

const hasToData = (value: unknown): value is HasToData =>
  typeof value === 'object' && value !== null && typeof (value as Partial<HasToData>).toData === 'function'

const toDataValue = (spec: FieldSpec, value: unknown): unknown => {
  switch (spec.kind) {
    case 'datetime':
    case 'date':
    case 'time':
      return typeof value === 'object' && value !== null ? String(value) : value
    case 'data':
      // The nested object's own toData(), so a class that overrides it is honoured.
      return hasToData(value) ? value.toData() : value
    case 'list':
      return Array.isArray(value) ? value.map((item) => toDataValue(spec.item, item)) : value
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
