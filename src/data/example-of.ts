/**
 * @module example-of
 * `exampleOf(DataClass)`: an instance with a fixed, valid value in every member, nested ones included. What
 * generated tests use for members of another data class, so a test keeps passing when that class gains or
 * loses members.
 */
import type { BaseData, DataClassOf } from './base-data.ts'
import type { FieldSpec } from './field.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

/** A base64 pickle of `{}`: what Python stores for an `object` member. */
export const EXAMPLE_OBJECT = 'gAN9cQAu'

const exampleValue = (spec: FieldSpec, name: string): unknown => {
  switch (spec.kind) {
    case 'int':
      return 1
    case 'bigint':
      return 1n
    case 'float':
      return 0.5
    case 'str':
      return name
    case 'bool':
      return true
    case 'datetime':
      return DateTime.parse('2020-01-02T03:04:05.123456')
    case 'date':
      return CalendarDate.parse('2020-01-02')
    case 'time':
      return TimeOfDay.parse('03:04:05.123456')
    case 'object':
      return EXAMPLE_OBJECT
    case 'data':
      return exampleOf(spec.dataClass as unknown as DataClassOf)
    case 'list':
      return [exampleValue(spec.item, name)]
    case 'optional':
      return exampleValue(spec.item, name)
  }
}

/**
 * An instance of `dataClass` with an example value in every member: 1, 0.5, `true`, the member's name for
 * strings, 2020-01-02T03:04:05.123456 for temporal members, one item in lists, and an example of nested
 * classes (optional members are set).
 *
 * @example
 * const label = exampleOf(Label) // Label { name: 'name', score: 0.5 }
 */
export const exampleOf = <T extends BaseData>(dataClass: DataClassOf<T>): T => {
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(dataClass.fields)) values[name] = exampleValue(spec, name)
  return new dataClass(values as never)
}
