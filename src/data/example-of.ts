/**
 * @module example-of
 * `exampleOf(DataClass)`: an instance with a fixed, valid value in every member, nested ones included. What
 * generated tests use for members of another data class, so a test keeps passing when that class gains or
 * loses members.
 */
import type { BaseData, DataClassOf } from './base-data.ts'
import type { FieldSpec } from './field.ts'
import type { JsonTree } from './json-tree.ts'
import { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

/**
 * The example value of each scalar kind, as source text: generated tests write these literals, and
 * `exampleOf` builds the same values (a `str` member's example is its own name).
 */
export const EXAMPLE_TEXT = {
  int: '1',
  bigint: '1n',
  float: '0.5',
  bool: 'true',
  datetime: '2020-01-02T03:04:05.123456',
  date: '2020-01-02',
  time: '03:04:05.123456',
  /** A base64 pickle of `{}`: what Python stores for an `object` member. */
  object: 'gAN9cQAu',
  /**
   * A JSON object with a float, a boolean, null, a string and a list. No int (a `bigint` in a `JsonTree`):
   * `hypergol serve` shows `exampleOf(inputClass).toData()` through `JSON.stringify`, which refuses bigints.
   */
  json: "{ flag: true, none: null, ratio: 0.5, tags: ['x'] }",
} as const

/** The value {@link EXAMPLE_TEXT}`.json` stands for, fresh for each example. */
const exampleJson = (): JsonTree => ({ flag: true, none: null, ratio: 0.5, tags: ['x'] })

const exampleValue = (spec: FieldSpec, name: string): unknown => {
  switch (spec.kind) {
    case 'int':
      return Number(EXAMPLE_TEXT.int)
    case 'bigint':
      return BigInt(EXAMPLE_TEXT.int)
    case 'json':
      return exampleJson()
    case 'float':
      return Number(EXAMPLE_TEXT.float)
    case 'str':
      return name
    case 'bool':
      return true
    case 'datetime':
      return DateTime.parse(EXAMPLE_TEXT.datetime)
    case 'date':
      return CalendarDate.parse(EXAMPLE_TEXT.date)
    case 'time':
      return TimeOfDay.parse(EXAMPLE_TEXT.time)
    case 'object':
      return EXAMPLE_TEXT.object
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
 * strings, 2020-01-02T03:04:05.123456 for temporal members, `{"flag": true, "none": null, "ratio": 0.5,
 * "tags": ["x"]}` for json members, one item in lists, and an example of nested classes (optional members
 * are set).
 *
 * @example
 * const label = exampleOf(Label) // Label { name: 'name', score: 0.5 }
 */
export const exampleOf = <T extends BaseData>(dataClass: DataClassOf<T>): T => {
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(dataClass.fields)) values[name] = exampleValue(spec, name)
  return new dataClass(values as never)
}
