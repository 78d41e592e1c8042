/**
 * @module typebox-schema
 * The TypeBox schema of a data class, built at run time from its field map (STACK.md §11). It describes the
 * `toData()` shape: ISO strings for temporal members, nested objects, no unknown members. Serving validates
 * request bodies with it and names nested classes after their class.
 */
import { type TSchema, Type } from '@sinclair/typebox'
import type { FieldSpec, NestedDataClass } from './field.ts'

// Patterns follow what the reader accepts (temporal.ts); the reader still does the full range checks.
const OFFSET = '([+-]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{6})?)?|Z)?'
const TIME = `\\d{2}(:\\d{2}(:\\d{2}(\\.(\\d{3}|\\d{6}))?)?)?${OFFSET}`
const DATE = '\\d{4}-\\d{2}-\\d{2}'

const schemas = new WeakMap<NestedDataClass, TSchema>()

const schemaOfSpec = (spec: FieldSpec): TSchema => {
  switch (spec.kind) {
    case 'int':
      return Type.Integer()
    case 'bigint':
      // JSON numbers lose digits beyond 2^53 in most clients, so a decimal string is accepted too.
      return Type.Union([Type.Integer(), Type.String({ pattern: '^-?\\d+$' })])
    case 'float':
      return Type.Number()
    case 'str':
      return Type.String()
    case 'object':
      return Type.String({ contentEncoding: 'base64', description: 'base64 of a Python pickle' })
    case 'bool':
      return Type.Boolean()
    case 'datetime':
      return Type.String({ pattern: `^${DATE}.${TIME}$`, description: 'ISO datetime' })
    case 'date':
      return Type.String({ pattern: `^${DATE}$`, description: 'ISO date' })
    case 'time':
      return Type.String({ pattern: `^${TIME}$`, description: 'ISO time' })
    case 'json':
      // Open: any JSON value. A schema cannot say int from float; `fromData` keeps them apart (bigint = int).
      return Type.Unknown({ description: 'any JSON value' })
    case 'data':
      return schemaOfDataClass(spec.dataClass)
    case 'list':
      return Type.Array(schemaOfSpec(spec.item))
    case 'optional':
      return Type.Union([schemaOfSpec(spec.item), Type.Null()])
  }
}

/**
 * The TypeBox object schema of a data class (title = class name, every member required except optional
 * ones, no additional properties). Cached per class.
 */
export const schemaOfDataClass = (dataClass: NestedDataClass): TSchema => {
  let schema = schemas.get(dataClass)
  if (schema === undefined) {
    const properties: Record<string, TSchema> = {}
    for (const [name, spec] of Object.entries(dataClass.fields)) {
      properties[name] = spec.kind === 'optional' ? Type.Optional(schemaOfSpec(spec)) : schemaOfSpec(spec)
    }
    schema = Type.Object(properties, { title: dataClass.name, additionalProperties: false })
    schemas.set(dataClass, schema)
  }
  return schema
}
