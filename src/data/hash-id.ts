/**
 * @module hash-id
 * Object → chunk routing (FORMAT.md §3): the parts of a hash id are turned into text as Python's `str()`
 * does, concatenated with no separator, SHA-1'd as UTF-8, and the first hex digits pick the chunk.
 */
import { HypergolError } from '../errors.ts'

/** One part of a hash id: Python accepts `str` and `int` (booleans are ints there). */
export type HashIdPart = string | number | bigint | boolean

/** A hash id: one part, or a tuple of parts. Equal ids are allowed; they are not unique keys. */
export type HashId = HashIdPart | readonly HashIdPart[]

const digest = new Uint8Array(20)

const partText = (part: unknown): string => {
  switch (typeof part) {
    case 'string':
      if (!part.isWellFormed()) {
        throw new HypergolError('E_HASH_ID', `hash id part ${JSON.stringify(part)} holds a lone surrogate`, {
          hint: 'Python cannot encode it as UTF-8 either; clean the string before using it as an id.',
        })
      }
      return part
    case 'number':
      if (Number.isSafeInteger(part)) return String(part)
      break
    case 'bigint':
      // bigint's decimal form never uses an exponent, unlike Number's (1e21 → "1e+21").
      return part.toString()
    case 'boolean':
      return part ? 'True' : 'False'
  }
  throw new HypergolError('E_HASH_ID', `hash id part ${describePart(part)} is not a string or an integer`, {
    hint: 'Hash ids are made of str and int members (Python rejects floats, None, lists and nested tuples).',
  })
}

const describePart = (part: unknown): string => {
  if (typeof part === 'number')
    return Number.isInteger(part) ? `${part} (beyond ±2^53; use a bigint)` : `${part}`
  if (Array.isArray(part)) return 'a list'
  return part === null ? 'null' : `${typeof part} ${String(part)}`
}

/** The text that is hashed: the parts as Python's `str()` writes them, concatenated with no separator. */
export const renderHashIdText = (hashId: HashId): string => {
  if (!Array.isArray(hashId)) return partText(hashId)
  let text = ''
  for (const part of hashId as readonly unknown[]) text += partText(part)
  return text
}

/** SHA-1 of the hash id, as 40 lower-case hex digits. */
export const hashIdSha1 = (hashId: HashId): string =>
  new Bun.SHA1().update(renderHashIdText(hashId)).digest('hex')

/**
 * The chunk index (0 … chunkCount−1) an object with this hash id belongs to. `chunkCount` must already be
 * valid (16, 256 or 4096). Only the first 1–3 hex digits of the SHA-1 matter, read straight from its bytes.
 */
export const chunkIndexOf = (hashId: HashId, chunkCount: number): number =>
  chunkIndexOfText(renderHashIdText(hashId), chunkCount)

/** {@link chunkIndexOf} for a hash id already turned into its text ({@link renderHashIdText}). */
export const chunkIndexOfText = (text: string, chunkCount: number): number => {
  Bun.SHA1.hash(text, digest)
  const first = digest[0] as number
  const second = digest[1] as number
  if (chunkCount === 16) return first >> 4
  if (chunkCount === 256) return first
  return (first << 4) | (second >> 4)
}
