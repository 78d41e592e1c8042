/**
 * @module base-data
 * `BaseData`, the base of every data class. A class is declared once, as a field map, and everything else
 * follows from it: the instance type, the constructor, canonical serialization, reading, hash ids, value
 * equality, the self-checks generated tests use, and the TypeBox schema.
 */
import { HypergolError } from '../errors.ts'
import { CodeBuilder, literal } from './codegen.ts'
import { decodeLine } from './decode-line.ts'
import type { FieldMap, FieldSpec, OptionalField, ValueOf } from './field.ts'
import { assertFieldMap } from './field-map-check.ts'
import type { HashId, HashIdPart } from './hash-id.ts'
import { readObjectOf, toDataError } from './read-data.ts'
import { renderObjectOf } from './render-data.ts'
import { runFromDataCheck, runHashIdCheck, runToDataCheck } from './self-check.ts'
import { toDataTree } from './to-data.ts'

/** The member values of a class with field map `S`. */
export type DataValues<S extends FieldMap> = { -readonly [K in keyof S]: ValueOf<S[K]> }

type OptionalKeys<S extends FieldMap> = { [K in keyof S]: S[K] extends OptionalField ? K : never }[keyof S]

/** The constructor input of a class with field map `S`: optional members may be left out (they become `null`). */
export type DataInput<S extends FieldMap> = { [K in Exclude<keyof S, OptionalKeys<S>>]: ValueOf<S[K]> } & {
  [K in OptionalKeys<S>]?: ValueOf<S[K]>
}

/** Any concrete data class whose instances are `T`. */
export interface DataClassOf<T extends BaseData = BaseData> {
  new (values: never): T
  readonly fields: FieldMap
  readonly name: string
}

/** The class returned by {@link BaseData.define}; extend it to name the class and add methods. */
export interface DataClass<S extends FieldMap> {
  new (values: DataInput<S>): BaseData & DataValues<S>
  readonly fields: S
  readonly name: string
  readonly prototype: BaseData
  fromData: typeof BaseData.fromData
  fromJson: typeof BaseData.fromJson
}

const idNamesCache = new WeakMap<FieldMap, string[]>()

const idNamesOf = (fields: FieldMap): string[] => {
  let names = idNamesCache.get(fields)
  if (names === undefined) {
    names = Object.keys(fields).filter((name) => (fields[name] as FieldSpec).id)
    idNamesCache.set(fields, names)
  }
  return names
}

/** Builds instances of `dataClass` from converted member values (the constructor runs, as in Python). */
export const instanceBuilderOf =
  <T extends BaseData>(dataClass: DataClassOf<T>) =>
  (values: Record<string, unknown>): T =>
    new (dataClass as unknown as new (v: Record<string, unknown>) => T)(values)

const missingMember = (target: { name: string }, name: string): never => {
  throw new HypergolError('E_DATA_INVALID', `${target.name}: missing member ${name}`)
}

type AssignMembers = (self: object, values: Record<string, unknown>, target: { name: string }) => void

/**
 * The constructor's member copy, generated per field map: `self.name = values.name` with static names, in
 * declaration order, keeps every instance of a class on one hidden class and the engine's property caches
 * monomorphic (a loop over dynamic keys made them megamorphic). `null` for left-out optional members.
 */
const compileAssignMembers = (fields: FieldMap): AssignMembers => {
  const code = new CodeBuilder()
  const missing = code.inject(missingMember, 'missing')
  for (const [name, spec] of Object.entries(fields)) {
    const value = code.local('v')
    code.line(`const ${value} = values.${name}`)
    if (spec.kind === 'optional') {
      code.line(`self.${name} = ${value} === undefined ? null : ${value}`)
    } else {
      code.line(`if (${value} === undefined) ${missing}(target, ${literal(name)})`)
      code.line(`self.${name} = ${value}`)
    }
  }
  return code.compile<AssignMembers>('assignMembers', ['self', 'values', 'target'])
}

const fieldsOf = (object: BaseData): FieldMap => (object.constructor as typeof BaseData).fields

/**
 * The base of every data class.
 *
 * @example
 * import { BaseData, field } from 'hypergol'
 *
 * export class Label extends BaseData.define({ name: field.str(), score: field.float() }) {}
 *
 * const label = new Label({ name: 'positive', score: 0.5 })
 * label.toJson() // '{"name": "positive", "score": 0.5}'
 */
export abstract class BaseData {
  /** The field map: member name → spec, in declaration order. */
  static readonly fields: FieldMap = {}

  /**
   * Declares a data class from its field map. The field map is checked now (valid names, ids only on int,
   * bigint and str members).
   *
   * @throws HypergolError E_DATA_CLASS for an invalid field map.
   */
  static define<const S extends FieldMap>(fields: S): DataClass<S> {
    assertFieldMap(fields)
    const assignMembers = compileAssignMembers(fields)
    class Defined extends BaseData {
      static override readonly fields = fields
      constructor(values: Record<string, unknown>) {
        super()
        if (typeof values !== 'object' || values === null) {
          throw new HypergolError(
            'E_DATA_INVALID',
            `${new.target.name}: constructor expects an object of members`,
          )
        }
        assignMembers(this, values, new.target)
      }
    }
    return Defined as unknown as DataClass<S>
  }

  /**
   * Builds an object from its `toData()` shape (Python's `from_data`): ISO strings for temporal members,
   * plain objects for nested ones. Every member is checked; unknown members are rejected.
   *
   * @throws HypergolError E_DATA_INVALID naming the path of the first bad member.
   */
  static fromData<T extends BaseData>(this: DataClassOf<T>, data: unknown): T {
    try {
      return readObjectOf(this.fields)(data, true, instanceBuilderOf(this)) as T
    } catch (error) {
      throw toDataError(error, this.name)
    }
  }

  /**
   * Builds an object from its canonical line (as stored in a dataset chunk), exactly: big integers, `NaN`
   * and `-0.0` included.
   *
   * @throws HypergolError E_JSON_SYNTAX, E_DATA_INVALID or E_INT_PRECISION.
   */
  static fromJson<T extends BaseData>(this: DataClassOf<T>, line: string): T {
    return decodeLine(this.fields, instanceBuilderOf(this), line, this.name) as T
  }

  /** The values of the id members (`{ id: true }`), in declaration order. */
  getId(): HashIdPart[] {
    const self = this as unknown as Record<string, HashIdPart>
    return idNamesOf(fieldsOf(this)).map((name) => self[name] as HashIdPart)
  }

  /**
   * The hash id that decides the object's chunk (FORMAT.md §3). Defaults to {@link getId}; override it to
   * route objects differently, e.g. to keep children in their parent's chunk.
   *
   * @throws HypergolError E_HASH_ID when the class has no id members and does not override this method.
   */
  getHashId(): HashId {
    if (idNamesOf(fieldsOf(this)).length === 0) {
      throw new HypergolError('E_HASH_ID', `${this.constructor.name} has no id members`, {
        hint: 'Mark a str or int member with { id: true } or override getHashId().',
      })
    }
    return this.getId()
  }

  /** The object as a plain JSON-ready tree (Python's `to_data`): ISO strings for temporal members. */
  toData(): Record<string, unknown> {
    return toDataTree(fieldsOf(this), this)
  }

  /**
   * The canonical line of the object (FORMAT.md §5) without the trailing `\n`: sorted keys, ASCII escapes,
   * Python float and int forms. Byte-identical to what Python Hypergol writes.
   *
   * @throws HypergolError E_DATA_INVALID naming the path of a member whose value does not match its type.
   */
  toJson(): string {
    try {
      return renderObjectOf(fieldsOf(this))(this)
    } catch (error) {
      throw toDataError(error, this.constructor.name)
    }
  }

  /** Value equality: same class and the same canonical line (so NaN equals NaN and -0.0 differs from 0.0). */
  equals(other: unknown): boolean {
    return (
      other instanceof BaseData && other.constructor === this.constructor && other.toJson() === this.toJson()
    )
  }

  /**
   * Self-check used by generated tests (the original's `test_get_hash_id`): the hash id is valid and
   * survives `fromData(toData())`.
   *
   * @returns true, or throws HypergolError E_DATA_INVALID / E_HASH_ID explaining what is wrong.
   */
  testGetHashId(): true {
    return runHashIdCheck(this)
  }

  /**
   * Self-check used by generated tests (the original's `test_to_data`): every member, nested ones included,
   * matches its declared type, and `toData()` is a plain JSON tree holding exactly the declared members.
   */
  testToData(): true {
    return runToDataCheck(this, fieldsOf(this))
  }

  /**
   * Self-check used by generated tests (the original's `test_from_data`): `fromData(toData())` gives an
   * equal object of the same class; a difference is reported with its path.
   */
  testFromData(): true {
    return runFromDataCheck(this)
  }
}
