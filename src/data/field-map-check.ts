/**
 * @module field-map-check
 * Checks a field map when a class is declared, so mistakes fail at import time with a clear message rather
 * than on the first read or write.
 */
import { HypergolError } from '../errors.ts'
import { type FieldSpec, SCALAR_KINDS } from './field.ts'

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Member names that would hide a BaseData method or break object construction. */
const RESERVED_NAMES = new Set([
  'constructor',
  'equals',
  'getHashId',
  'getId',
  'testFromData',
  'testGetHashId',
  'testToData',
  'toData',
  'toJson',
  '__proto__',
])

const ID_KINDS = new Set(['int', 'bigint', 'str'])

/** Whether `name` may name a member of a data class. */
export const isAllowedMemberName = (name: string): boolean => NAME_RE.test(name) && !RESERVED_NAMES.has(name)

/** What {@link isAllowedMemberName} accepts, for messages. */
export const MEMBER_NAME_RULE = `an identifier (letters, digits, _) that is not one of: ${[...RESERVED_NAMES].join(', ')}`

const isFieldSpec = (value: unknown): value is FieldSpec =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { kind?: unknown }).kind === 'string' &&
  ([...SCALAR_KINDS, 'json', 'data', 'list', 'optional'] as string[]).includes(
    (value as { kind: string }).kind,
  )

const assertSpec = (spec: unknown, where: string): void => {
  if (!isFieldSpec(spec)) {
    throw new HypergolError('E_DATA_CLASS', `${where}: not a field spec`, {
      hint: 'Use the field builders: field.int(), field.str(), field.list(field.float()), field.data(Label), …',
    })
  }
  if (spec.kind === 'list' || spec.kind === 'optional') assertSpec(spec.item, `${where} item`)
  if (spec.kind === 'data' && typeof (spec.dataClass as { fields?: unknown }).fields !== 'object') {
    throw new HypergolError(
      'E_DATA_CLASS',
      `${where}: field.data() needs a data class (one made by BaseData.define)`,
    )
  }
}

/**
 * Checks member names and specs of a field map.
 *
 * @throws HypergolError E_DATA_CLASS naming the member and what is accepted.
 */
export const assertFieldMap = (fields: unknown): void => {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new HypergolError('E_DATA_CLASS', 'BaseData.define() expects an object of member name → field spec')
  }
  for (const [name, spec] of Object.entries(fields)) {
    if (!isAllowedMemberName(name)) {
      throw new HypergolError('E_DATA_CLASS', `member name ${JSON.stringify(name)} is not allowed`, {
        hint: `Use ${MEMBER_NAME_RULE}.`,
      })
    }
    assertSpec(spec, `member ${name}`)
    if ((spec as FieldSpec).id && !ID_KINDS.has((spec as FieldSpec).kind)) {
      throw new HypergolError('E_DATA_CLASS', `member ${name}: only int, bigint and str members can be ids`)
    }
  }
}
