import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { chunkIndexOf, hashIdSha1, renderHashIdText } from '../../../src/data/hash-id.ts'
import { parseJsonTree } from '../../../src/data/json-tree.ts'
import { renderChunkId } from '../../../src/dataset/chunk-id.ts'
import { FIXTURES } from '../../helpers/fixtures.ts'

interface Vectors {
  vectors: { hashId: string; sha1: string; chunk16: string; chunk256: string; chunk4096: string }[]
  errors: { hashId: string; error: string }[]
}

const vectors = (await Bun.file(join(FIXTURES, 'expected', 'hash_vectors.json')).json()) as Vectors

/** Python literals of the vectors file → JS values: tuples become arrays, ints bigints, True true. */
const fromPythonLiteral = (literal: string): unknown =>
  parseJsonTree(
    literal
      .replaceAll("'", '"')
      .replaceAll('(', '[')
      .replaceAll(')', ']')
      .replaceAll(',]', ']')
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bNone\b/g, 'null'),
  )

describe('hash id routing (FORMAT.md §3)', () => {
  test.each(vectors.vectors.map((v) => [v.hashId, v] as const))(
    'given Python hash id %s, when hashed, then SHA-1 and chunk ids match the original',
    (_, vector) => {
      const hashId = fromPythonLiteral(vector.hashId) as Parameters<typeof hashIdSha1>[0]

      expect(hashIdSha1(hashId)).toBe(vector.sha1)
      expect(renderChunkId(chunkIndexOf(hashId, 16), 16)).toBe(vector.chunk16)
      expect(renderChunkId(chunkIndexOf(hashId, 256), 256)).toBe(vector.chunk256)
      expect(renderChunkId(chunkIndexOf(hashId, 4096), 4096)).toBe(vector.chunk4096)
    },
  )

  // `[1]` is a Python list, which JS cannot tell from a tuple; the other error cases carry over.
  test.each(vectors.errors.filter((e) => e.hashId !== '[1]').map((e) => e.hashId))(
    'given Python hash id %s that the original rejects, when hashed, then throws E_HASH_ID',
    (literal) => {
      const hashId = fromPythonLiteral(literal) as Parameters<typeof hashIdSha1>[0]

      expect(() => hashIdSha1(hashId)).toThrow(expect.objectContaining({ code: 'E_HASH_ID' }))
    },
  )

  test.each([
    [12, '12'],
    [-5, '-5'],
    [10n ** 21n, '1000000000000000000000'],
    [[1, '2', true], '12True'],
    ['Zo\u00eb', 'Zo\u00eb'],
  ] as const)(
    'given %p, when rendered as hash id text, then it is Python str() of the parts: %s',
    (hashId, text) => {
      expect(renderHashIdText(hashId)).toBe(text)
    },
  )

  test.each([[1.5], [Number.NaN], [2 ** 60], [null], [[[1]]], ['\udc00']])(
    'given invalid part %p, when hashed, then throws E_HASH_ID instead of routing silently',
    (part) => {
      expect(() => chunkIndexOf(part as never, 16)).toThrow(expect.objectContaining({ code: 'E_HASH_ID' }))
    },
  )
})
