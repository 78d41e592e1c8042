/**
 * @module self-check
 * The checks behind `testGetHashId()`, `testToData()` and `testFromData()`: what the original's generated
 * tests meant to prove, but done with real value equality, so mistakes in nested members are caught
 * (RUNTIME.md §9: the original's equality said any two objects of a class were equal).
 */
import { HypergolError } from '../errors.ts'
import type { BaseData, DataClassOf } from './base-data.ts'
import type { FieldMap } from './field.ts'
import { renderHashIdText } from './hash-id.ts'
import { type JsonTree, parseJsonTree, renderJsonTree } from './json-tree.ts'

const checkFailed = (object: object, check: string, detail: string): never => {
  throw new HypergolError('E_DATA_INVALID', `${object.constructor.name}.${check}: ${detail}`)
}

/** Names the first place where two `toData()` trees differ, or returns undefined when they are equal. */
const findDifference = (expected: unknown, actual: unknown, path: string): string | undefined => {
  if (Object.is(expected, actual)) return undefined
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return `${path}: ${expected.length} items before, ${actual.length} after`
    }
    for (let i = 0; i < expected.length; i++) {
      const difference = findDifference(expected[i], actual[i], `${path}[${i}]`)
      if (difference !== undefined) return difference
    }
    return undefined
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
    for (const key of keys) {
      const difference = findDifference(expected[key], actual[key], path ? `${path}.${key}` : key)
      if (difference !== undefined) return difference
    }
    return undefined
  }
  return `${path || '(root)'}: ${show(expected)} before, ${show(actual)} after`
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const show = (value: unknown): string => (value === undefined ? 'nothing' : renderJsonTree(value as JsonTree))

/** Finds a value in a `toData()` tree that JSON cannot carry as data (class instances, functions, undefined). */
const findNonPlain = (value: unknown, path: string): string | undefined => {
  if (value === null) return undefined
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return undefined
    case 'object':
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = findNonPlain(value[i], `${path}[${i}]`)
          if (found !== undefined) return found
        }
        return undefined
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) {
        return `${path}: a ${value.constructor?.name ?? 'class'} instance instead of plain data`
      }
      for (const [key, item] of Object.entries(value)) {
        const found = findNonPlain(item, path ? `${path}.${key}` : key)
        if (found !== undefined) return found
      }
      return undefined
    default:
      return `${path}: ${typeof value} is not data`
  }
}

const roundTrip = (object: BaseData): BaseData =>
  (object.constructor as DataClassOf<BaseData> & typeof BaseData).fromData(object.toData())

/** See `BaseData.testToData`. */
export const runToDataCheck = (object: BaseData, fields: FieldMap): true => {
  object.toJson()
  const data = object.toData()
  const nonPlain = findNonPlain(data, '')
  if (nonPlain !== undefined) checkFailed(object, 'testToData', nonPlain)
  const expected = Object.keys(fields).sort().join(', ')
  const actual = Object.keys(data).sort().join(', ')
  if (expected !== actual)
    checkFailed(object, 'testToData', `toData() has members [${actual}], expected [${expected}]`)
  roundTrip(object)
  return true
}

/** See `BaseData.testFromData`. */
export const runFromDataCheck = (object: BaseData): true => {
  const copy = roundTrip(object)
  if (copy.constructor !== object.constructor) {
    checkFailed(object, 'testFromData', `fromData() built a ${copy.constructor.name}`)
  }
  if (!copy.equals(object)) {
    // Compare the canonical forms: they are what is stored, and toData() may be the thing that is wrong.
    const difference = findDifference(parseJsonTree(object.toJson()), parseJsonTree(copy.toJson()), '')
    checkFailed(object, 'testFromData', `fromData(toData()) differs at ${difference}`)
  }
  return true
}

/** See `BaseData.testGetHashId`. */
export const runHashIdCheck = (object: BaseData): true => {
  const text = renderHashIdText(object.getHashId())
  const copyText = renderHashIdText(roundTrip(object).getHashId())
  if (text !== copyText) {
    checkFailed(
      object,
      'testGetHashId',
      `hash id text ${JSON.stringify(text)} became ${JSON.stringify(copyText)}`,
    )
  }
  return true
}
