/**
 * @module request-body
 * Reading the body of `POST /output`: a JSON array of input objects in their `toData()` shape. Whatever is
 * wrong with it becomes a {@link BadRequest} naming each failing path as a JSON pointer (`/0/words/2`), so
 * bad input is always a 4xx, never a 500. The TypeBox schema of the input class does the structural checks
 * (types, required and unknown members); `fromData` then does the ones a schema cannot (calendar ranges,
 * integer precision). A class holding a `json` member gets its objects from the exact parse of the body, where
 * `3` is an int and `3.0` a float, as in a dataset line; `JSON.parse` would make both `3`.
 */
import type { TSchema } from '@sinclair/typebox'
import { Type } from '@sinclair/typebox'
import { TypeCompiler, type ValueError } from '@sinclair/typebox/compiler'
import { Value } from '@sinclair/typebox/value'
import { BaseData, type DataClassOf } from '../data/base-data.ts'
import { DataPathError } from '../data/data-path-error.ts'
import { holdsJson } from '../data/field.ts'
import { parseJsonTree } from '../data/json-tree.ts'
import { schemaOfDataClass } from '../data/typebox-schema.ts'
import { HypergolError } from '../errors.ts'

/** One thing wrong with a request body. */
export interface Problem {
  /** A JSON pointer into the body: `''` for the body itself, `/0/label/score` for a member. */
  path: string
  message: string
}

/** A request the server refuses: its HTTP status and what is wrong, path by path. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest'

  constructor(
    readonly status: 413 | 422,
    message: string,
    readonly problems: Problem[],
  ) {
    super(message)
  }
}

/** Limits on a request body. */
export interface BodyLimits {
  /** Most objects in one request. */
  maxItems: number
  /** Most bytes in one request body (enforced while reading it, before parsing). */
  maxBodyBytes: number
}

/** At most this many problems are listed; a body with more is wrong in the same way many times. */
const MAX_PROBLEMS = 50

const describe = (schema: TSchema): string => {
  if (schema.type === 'null') return 'null'
  if (schema.title !== undefined) return `a ${schema.title} object`
  return typeof schema.type === 'string' ? schema.type : 'value'
}

/**
 * The problems behind one schema error. TypeBox reports a bad optional member (`T | null`) only as "not
 * the union"; when the value is there, the problems inside it are the useful ones (`/0/label/score`).
 */
const problemsOf = (error: ValueError): Problem[] => {
  const anyOf = (error.schema as { anyOf?: TSchema[] }).anyOf
  if (anyOf === undefined) return [{ path: error.path, message: error.message }]
  const present = anyOf.filter((schema) => schema.type !== 'null')
  const only = present.length === 1 && anyOf.length === 2 ? (present[0] as TSchema) : undefined
  const value = error.value as unknown
  const sameKind =
    (only?.type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) ||
    (only?.type === 'array' && Array.isArray(value))
  if (only !== undefined && sameKind) {
    const inner = [...Value.Errors(only, value)]
    if (inner.length > 0) {
      return inner.flatMap((innerError) => problemsOf({ ...innerError, path: error.path + innerError.path }))
    }
  }
  return [{ path: error.path, message: `Expected ${anyOf.map(describe).join(' or ')}` }]
}

const fromDataProblem = (error: unknown, index: number): Problem => {
  const cause = error instanceof HypergolError ? error.cause : error
  if (cause instanceof DataPathError) {
    return { path: ['', index, ...cause.path].join('/'), message: cause.reason }
  }
  return { path: `/${index}`, message: error instanceof Error ? error.message : String(error) }
}

/** The body parsed exactly (it was JSON.parse'd already, so only nesting too deep for this parser fails). */
const parseExactly = (text: string): unknown[] => {
  try {
    return parseJsonTree(text) as unknown[]
  } catch (error) {
    throw new BadRequest(422, 'request body is not JSON', [
      { path: '', message: error instanceof Error ? error.message : String(error) },
    ])
  }
}

/**
 * A reader of request bodies for `inputClass`: bytes in, data objects out.
 *
 * @throws BadRequest 413 (too many objects), 422 (not JSON, not a non-empty array, or objects that do not fit).
 */
export const createBodyReader = (inputClass: DataClassOf, limits: BodyLimits) => {
  const item = schemaOfDataClass(inputClass)
  const check = TypeCompiler.Compile(Type.Array(item))
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const expected = `a JSON array of 1 to ${limits.maxItems} ${inputClass.name} objects`
  const exact = holdsJson(inputClass.fields)

  return (body: Uint8Array): BaseData[] => {
    let value: unknown
    let text: string
    try {
      text = decoder.decode(body)
      value = JSON.parse(text)
    } catch (error) {
      throw new BadRequest(422, 'request body is not JSON', [
        { path: '', message: `${(error as Error).message}; send ${expected}` },
      ])
    }
    if (!Array.isArray(value)) {
      throw new BadRequest(422, 'request body is not an array', [
        { path: '', message: `Expected ${expected}` },
      ])
    }
    if (value.length === 0 || value.length > limits.maxItems) {
      throw new BadRequest(value.length === 0 ? 422 : 413, `request has ${value.length} objects`, [
        { path: '', message: `Expected ${expected}` },
      ])
    }
    if (!check.Check(value)) {
      const problems: Problem[] = []
      const seen = new Set<string>()
      for (const error of check.Errors(value)) {
        for (const problem of problemsOf(error)) {
          // A missing member is reported twice (required, then of the wrong type): keep the first.
          if (seen.has(problem.path)) continue
          seen.add(problem.path)
          problems.push(problem)
        }
        if (problems.length >= MAX_PROBLEMS) break
      }
      throw new BadRequest(422, `request does not match ${inputClass.name}`, problems)
    }
    // The schema checked the body's shape, which both parses share; only the numbers in json members differ.
    const items = exact ? parseExactly(text) : value
    const objects: BaseData[] = []
    const problems: Problem[] = []
    for (const [index, data] of items.entries()) {
      try {
        objects.push(BaseData.fromData.call(inputClass, data))
      } catch (error) {
        problems.push(fromDataProblem(error, index))
        if (problems.length === MAX_PROBLEMS) break
      }
    }
    if (problems.length > 0) throw new BadRequest(422, `request does not match ${inputClass.name}`, problems)
    return objects
  }
}
