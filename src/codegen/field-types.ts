/**
 * @module field-types
 * The member grammar of `hypergol create data-model Name member:type …`: the original's types (`int`,
 * `str`, `float`, `datetime`, `date`, `time`, `object`, another data class, `List[T]`, and `:id` on int and
 * str members), plus `bigint` (also as an id), `bool`, `json` (any JSON value, what Python keeps in a dict
 * or list member) and optional members (`type?`). Parsed into a tree that renders as field specs.
 */
import { isAllowedMemberName, MEMBER_NAME_RULE } from '../data/field-map-check.ts'
import { HypergolError } from '../errors.ts'

/** The types with a field builder of their own (`field.<type>()`). */
export const BUILTIN_TYPES = [
  'int',
  'bigint',
  'str',
  'float',
  'bool',
  'datetime',
  'date',
  'time',
  'object',
  'json',
] as const
type BuiltinType = (typeof BUILTIN_TYPES)[number]

/** The types that may be part of the hash id. */
const ID_TYPES: readonly BuiltinType[] = ['int', 'bigint', 'str']

/** A member's type. */
export type MemberType =
  | { kind: 'builtin'; name: BuiltinType }
  | { kind: 'class'; name: string }
  | { kind: 'list'; item: MemberType }
  | { kind: 'optional'; item: MemberType }

/** One member of a data class to generate. */
export interface MemberSpec {
  name: string
  type: MemberType
  id: boolean
}

const CLASS_NAME = /^[A-Z][A-Za-z0-9]*$/

/** The types a member may have, for messages. */
const acceptedTypes = (classes: readonly string[]): string =>
  [
    ...BUILTIN_TYPES,
    'List[T]',
    'T? (optional)',
    classes.length === 0
      ? 'a data class of this project (none yet)'
      : `a data class of this project (${classes.join(', ')})`,
  ].join(', ')

const invalid = (argument: string, problem: string, hint: string): HypergolError =>
  new HypergolError('E_INVALID_ARGUMENT', `member ${JSON.stringify(argument)}: ${problem}`, { hint })

/**
 * Parses a type: `int`, `List[str]`, `Label`, `str?`, `List[Label?]?`.
 *
 * @param classes the project's data classes, which are the only class names accepted.
 */
const parseType = (text: string, argument: string, classes: readonly string[]): MemberType => {
  if (text.endsWith('?')) {
    const item = parseType(text.slice(0, -1), argument, classes)
    if (item.kind === 'optional')
      throw invalid(argument, 'a type can be optional only once', 'Write T?, not T??.')
    return { kind: 'optional', item }
  }
  const list = /^List\[(.*)\]$/.exec(text)
  if (list !== null) return { kind: 'list', item: parseType(list[1] as string, argument, classes) }
  if ((BUILTIN_TYPES as readonly string[]).includes(text))
    return { kind: 'builtin', name: text as BuiltinType }
  if (CLASS_NAME.test(text) && classes.includes(text)) return { kind: 'class', name: text }
  const problem = CLASS_NAME.test(text)
    ? `unknown data class ${JSON.stringify(text)}`
    : `unknown type ${JSON.stringify(text)}`
  throw invalid(
    argument,
    problem,
    `Accepted: ${acceptedTypes(classes)}. Create a class first with: hypergol create data-model ${CLASS_NAME.test(text) ? text : 'Name'} …`,
  )
}

/**
 * Parses the member arguments of `create data-model`: `name:type` or `name:type:id`.
 *
 * @param classes the data classes the project has, which members may nest.
 * @throws HypergolError E_INVALID_ARGUMENT naming the argument: a bad member name, an unknown type or
 *   class, `:id` on something other than a plain int, bigint or str, or a member given twice.
 */
export const parseMembers = (argumentsList: readonly string[], classes: readonly string[]): MemberSpec[] => {
  const members: MemberSpec[] = []
  for (const argument of argumentsList) {
    const parts = argument.split(':')
    const [name, typeText, flag] = parts
    if (parts.length < 2 || parts.length > 3 || name === undefined || typeText === undefined) {
      throw invalid(
        argument,
        'expected name:type or name:type:id',
        'For example: sentenceId:int:id text:str tokens:List[str]',
      )
    }
    if (!isAllowedMemberName(name))
      throw invalid(argument, `the name ${JSON.stringify(name)} is not allowed`, `Use ${MEMBER_NAME_RULE}.`)
    if (members.some((member) => member.name === name)) {
      throw invalid(argument, `${name} is given twice`, 'Give each member once.')
    }
    const type = parseType(typeText, argument, classes)
    if (flag !== undefined && flag !== 'id')
      throw invalid(
        argument,
        `unknown flag ${JSON.stringify(flag)}`,
        'The only flag is :id, as in sentenceId:int:id.',
      )
    const id = flag === 'id'
    if (id && !(type.kind === 'builtin' && ID_TYPES.includes(type.name))) {
      throw invalid(
        argument,
        'only int, bigint and str members can be part of the id',
        'Mark an int, bigint or str member, as in sentenceId:int:id.',
      )
    }
    members.push({ name, type, id })
  }
  return members
}

/** The data classes a member type refers to. */
export const classesOf = (type: MemberType): string[] => {
  if (type.kind === 'class') return [type.name]
  if (type.kind === 'builtin') return []
  return classesOf(type.item)
}
