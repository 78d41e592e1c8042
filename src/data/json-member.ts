/**
 * @module json-member
 * The `json` field kind (`field.json()`): a member holding any JSON value as a {@link JsonTree}, an integer
 * as a `bigint` and a float as a `number` (FORMAT.md §5). What the writers, readers and `toData` need beyond
 * `json-tree`: a check that a value really is such a tree (plain objects and arrays only, so that a class
 * instance is refused rather than written as its fields), and reading one from a line's bytes.
 */
import { DataPathError, describeValue, rethrowWithin } from './data-path-error.ts'
import { type JsonTree, parseJsonTreePrefix, renderJsonTree } from './json-tree.ts'

const EXPECTED = 'a JSON value (null, boolean, bigint, number, string, array or plain object)'

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Sets `key` as an own member, `__proto__` included (a plain assignment would set the prototype). */
const setMember = (target: { [key: string]: JsonTree }, key: string, value: JsonTree): void => {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}

/** Checks that `value` is a JSON tree; returns it, or a fresh copy of it when `copy`. */
const checkTree = (value: unknown, copy: boolean): JsonTree => {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return value
    case 'object': {
      if (value === null) return null
      if (Array.isArray(value)) {
        const items: JsonTree[] = copy ? new Array(value.length) : value
        for (let i = 0; i < value.length; i++) {
          try {
            const item = checkTree(value[i], copy)
            if (copy) items[i] = item
          } catch (error) {
            rethrowWithin(error, i)
          }
        }
        return items
      }
      if (!isPlainObject(value)) break
      const source = value as { [key: string]: unknown }
      const members: { [key: string]: JsonTree } = copy ? {} : (source as { [key: string]: JsonTree })
      for (const key of Object.keys(source)) {
        try {
          const member = checkTree(source[key], copy)
          if (copy) setMember(members, key, member)
        } catch (error) {
          rethrowWithin(error, key)
        }
      }
      return members
    }
  }
  throw new DataPathError(`expected ${EXPECTED}, got ${describeValue(value)}`)
}

/**
 * A `json` member's value checked and copied, so the object read does not share the caller's arrays and
 * objects (what `fromData` and the exact reader hand over).
 *
 * @throws DataPathError naming the path of the first value that is not JSON (undefined, a function, a
 *   class instance, an array hole).
 */
export const copyJsonValue = (value: unknown): JsonTree => checkTree(value, true)

/**
 * A `json` member's canonical text (FORMAT.md §5): keys sorted by code point at every level, `bigint` as
 * digits, `number` as a Python float, ASCII only.
 *
 * @throws DataPathError as {@link copyJsonValue}.
 */
export const renderJsonValue = (value: unknown): string => renderJsonTree(checkTree(value, false))

/**
 * A deep copy of a `json` member for `toData()`, leaving whatever is not JSON in place (for `testToData` to
 * name) instead of throwing.
 */
export const cloneJsonValue = (value: unknown): unknown => {
  try {
    return copyJsonValue(value)
  } catch {
    return value
  }
}

/** Where the value read by the last {@link readJsonBytes} ended. */
export const jsonBytesRead = { end: 0 }

/**
 * Reads the JSON value starting at `bytes[start]` (before `end`) exactly, for the generated line parser;
 * {@link jsonBytesRead} then holds where it ended. `undefined` when a byte above U+007F is in it: the bytes
 * are read one unit per byte, so only ASCII reads right (lines from Python always are); the caller then
 * decodes the line as UTF-8 text.
 *
 * @throws HypergolError E_JSON_SYNTAX when no whole value starts there (the caller declines the line).
 */
export const readJsonBytes = (bytes: Buffer, start: number, end: number): JsonTree | undefined => {
  const { value, length } = parseJsonTreePrefix(bytes.toString('latin1', start, end))
  const stop = start + length
  for (let i = start; i < stop; i++) if ((bytes[i] as number) > 0x7f) return undefined
  jsonBytesRead.end = stop
  return value
}
