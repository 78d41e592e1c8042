/**
 * @module field
 * Field specs: the one description of a data class member. A class's field map drives its TypeScript type,
 * constructor, canonical serialization, reading, hash id and TypeBox schema (STYLE.md §20).
 */
import type { JsonTree } from './json-tree.ts'
import type { CalendarDate, DateTime, TimeOfDay } from './temporal.ts'

/** Kinds of scalar members. `int` is a JS number (safe integers only); `bigint` is for ids or counts beyond 2^53. */
export const SCALAR_KINDS = [
  'int',
  'bigint',
  'float',
  'str',
  'bool',
  'datetime',
  'date',
  'time',
  'object',
] as const
export type ScalarKind = (typeof SCALAR_KINDS)[number]

declare const valueType: unique symbol

interface FieldBase<T> {
  /** Phantom: the TypeScript type of the member. Never set at run time. */
  readonly [valueType]?: T
  /** True when the member is part of the hash id, in declaration order. */
  readonly id: boolean
}

/** A scalar member. */
export interface ScalarField<T = unknown, K extends ScalarKind = ScalarKind> extends FieldBase<T> {
  readonly kind: K
}

/** A member holding a nested data object, serialized as that object's own canonical JSON object. */
export interface DataField<T = unknown> extends FieldBase<T> {
  readonly kind: 'data'
  readonly dataClass: NestedDataClass
}

/**
 * A member holding any JSON value in the exact dialect of the files (FORMAT.md §5): a {@link JsonTree}, where
 * an integer is a `bigint` and a float a `number`, so that `3` and `3.0` stay apart.
 */
export interface JsonField extends FieldBase<JsonTree> {
  readonly kind: 'json'
}

/** A member holding a list; `[]` when empty. */
export interface ListField<T = unknown> extends FieldBase<T> {
  readonly kind: 'list'
  readonly item: FieldSpec
}

/** A member that may be `null` (Python `None`). */
export interface OptionalField<T = unknown> extends FieldBase<T> {
  readonly kind: 'optional'
  readonly item: FieldSpec
}

/** Any field spec. `T` is the TypeScript type of the member's value. */
export type FieldSpec<T = unknown> =
  | ScalarField<T>
  | JsonField
  | DataField<T>
  | ListField<T>
  | OptionalField<T>

/** The field map of a data class: member name → spec, in declaration order. */
export type FieldMap = Readonly<Record<string, FieldSpec>>

/** The TypeScript value type of a field spec. */
export type ValueOf<F> = F extends FieldBase<infer T> ? T : never

/**
 * What a nested member needs from its class: the field map, the name, and a way to build instances. Kept
 * structural so this module does not depend on `base-data.ts`.
 */
export interface NestedDataClass {
  new (...args: never[]): object
  readonly fields: FieldMap
  readonly name: string
}

/** Options of scalar builders that may be part of the hash id. */
export interface IdOptions {
  /** Part of the hash id (FORMAT.md §3), in declaration order. @default false */
  id?: boolean
}

const scalar = <T, K extends ScalarKind>(kind: K, options: IdOptions = {}): ScalarField<T, K> => ({
  kind,
  id: options.id ?? false,
})

/**
 * Builders of field specs.
 *
 * @example
 * class Label extends BaseData.define({ name: field.str(), score: field.float() }) {}
 * class Record extends BaseData.define({
 *   recordId: field.int({ id: true }),
 *   mainLabel: field.data(Label),
 *   tags: field.list(field.str()),
 *   note: field.optional(field.str()),
 * }) {}
 */
export const field = {
  /** A safe integer (|n| ≤ 2^53 − 1), written without `.0`. Larger values in a file are an error: use `bigint`. */
  int: (options?: IdOptions): ScalarField<number, 'int'> => scalar('int', options),
  /** An integer of any size as a JS `bigint`, written digit for digit. */
  bigint: (options?: IdOptions): ScalarField<bigint, 'bigint'> => scalar('bigint', options),
  /** A double, written as Python's `repr` (`3.0`, `1e-07`, `NaN`). Integer tokens are accepted on read. */
  float: (): ScalarField<number, 'float'> => scalar('float'),
  /** A string (any UTF-16 content, lone surrogates included). */
  str: (options?: IdOptions): ScalarField<string, 'str'> => scalar('str', options),
  /** A boolean (`true`/`false`). */
  bool: (): ScalarField<boolean, 'bool'> => scalar('bool'),
  /** A date and time with microseconds and an optional UTC offset (naive or aware), ISO form on disk. */
  datetime: (): ScalarField<DateTime, 'datetime'> => scalar('datetime'),
  /** A calendar date, `YYYY-MM-DD` on disk. */
  date: (): ScalarField<CalendarDate, 'date'> => scalar('date'),
  /** A time of day with microseconds and an optional UTC offset, ISO form on disk. */
  time: (): ScalarField<TimeOfDay, 'time'> => scalar('time'),
  /** An opaque value: the base64 string of a Python pickle, kept unchanged (FORMAT.md §7). */
  object: (): ScalarField<string, 'object'> => scalar('object'),
  /**
   * Any JSON value (Python's `dict`, `list` or any JSON member), kept exactly: keys sorted at every level on
   * write, integers of any size as `bigint`, floats as `number` written as Python's `repr` (`3.0`, `1e-07`,
   * `NaN`), strings, `true`/`false`/`null`, nested arrays and objects.
   */
  json: (): JsonField => ({ kind: 'json', id: false }),
  /** A nested data object of the given class. */
  data: <C extends NestedDataClass>(dataClass: C): DataField<InstanceType<C>> => ({
    kind: 'data',
    dataClass,
    id: false,
  }),
  /** A list of values of one field spec. */
  list: <F extends FieldSpec>(item: F): ListField<ValueOf<F>[]> => ({ kind: 'list', item, id: false }),
  /** A value or `null`; may be left out of the constructor input and of the data read. */
  optional: <F extends FieldSpec>(item: F): OptionalField<ValueOf<F> | null> => ({
    kind: 'optional',
    item,
    id: false,
  }),
} as const

const holdsJsonCache = new WeakMap<FieldMap, boolean>()

const specHoldsJson = (spec: FieldSpec, open: Set<FieldMap>): boolean => {
  switch (spec.kind) {
    case 'json':
      return true
    case 'data':
      return mapHoldsJson(spec.dataClass.fields, open)
    case 'list':
    case 'optional':
      return specHoldsJson(spec.item, open)
    default:
      return false
  }
}

const mapHoldsJson = (fields: FieldMap, open: Set<FieldMap>): boolean => {
  // A class that nests itself is already being looked at further up: it adds nothing new.
  if (open.has(fields)) return false
  open.add(fields)
  return Object.values(fields).some((spec) => specHoldsJson(spec, open))
}

/**
 * Whether a class's lines hold a `json` member anywhere, nested classes included. Such lines are read with
 * the exact parser: `JSON.parse` cannot tell `3` from `3.0` (FORMAT.md §10). Cached per field map.
 */
export const holdsJson = (fields: FieldMap): boolean => {
  let holds = holdsJsonCache.get(fields)
  if (holds === undefined) {
    holds = mapHoldsJson(fields, new Set())
    holdsJsonCache.set(fields, holds)
  }
  return holds
}
