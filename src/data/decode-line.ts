/**
 * @module decode-line
 * One canonical line → one data object. `JSON.parse` first (the fast path); the exact parser only for the
 * rare lines it cannot handle: `NaN`/`Infinity` tokens (it throws) and integers beyond ±(2^53−1) (it rounds,
 * which `read-data` detects), FORMAT.md §10; and for every line of a class holding a `json` member, where
 * `JSON.parse` would read `3.0` as `3`.
 */
import { fastReaderOf } from './codegen-read.ts'
import { type FieldMap, holdsJson } from './field.ts'
import { parseJsonTree } from './json-tree.ts'
import { type BuildInstance, NeedsExactParse, readObjectOf, toDataError } from './read-data.ts'

/** Decodes one line, or returns `undefined` when the line needs {@link decodeLine} (which never does). */
export type FastLineDecoder = (line: string) => object | undefined

/**
 * The fast decoder of lines of one class: `JSON.parse` plus the generated reader. It returns `undefined`
 * instead of throwing for anything unusual (a token JSON.parse rejects, an integer it may have rounded, a
 * bad value); the caller then calls {@link decodeLine}, which handles the line exactly or explains it.
 */
export const fastLineDecoderOf = (fields: FieldMap, build: BuildInstance): FastLineDecoder => {
  const read = fastReaderOf(fields)
  // JSON.parse cannot read json members (3.0 would become 3): such lines go to decodeLine's exact parser.
  if (read === undefined || holdsJson(fields)) return () => undefined
  return (line) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      return undefined
    }
    try {
      return read(parsed, build)
    } catch {
      return undefined
    }
  }
}

/**
 * Parses a canonical line into an object of the class described by `fields`.
 *
 * @param where prefix of error messages, e.g. `records_3.jsonl.gz line 12`.
 * @throws HypergolError E_JSON_SYNTAX, E_DATA_INVALID or E_INT_PRECISION, each naming `where` and the field.
 */
export const decodeLine = (fields: FieldMap, build: BuildInstance, line: string, where: string): object => {
  const read = readObjectOf(fields)
  if (holdsJson(fields)) return decodeExact(read, build, line, where)
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return decodeExact(read, build, line, where)
  }
  const fast = fastReaderOf(fields)
  if (fast !== undefined) {
    try {
      return fast(parsed, build)
    } catch {
      // The slow reader below sees the same parsed value and explains what the fast one rejected.
    }
  }
  try {
    return read(parsed, false, build)
  } catch (error) {
    if (error instanceof NeedsExactParse) return decodeExact(read, build, line, where)
    throw toDataError(error, where)
  }
}

const decodeExact = (
  read: ReturnType<typeof readObjectOf>,
  build: BuildInstance,
  line: string,
  where: string,
): object => {
  let tree: unknown
  try {
    tree = parseJsonTree(line)
  } catch (error) {
    if (error instanceof Error) error.message = `${where}: ${error.message}`
    throw error
  }
  try {
    return read(tree, true, build)
  } catch (error) {
    throw toDataError(error, where)
  }
}
