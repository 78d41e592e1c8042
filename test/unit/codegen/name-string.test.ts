/**
 * Name forms against the original's NameString vectors, and the names it refuses.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { nameForms } from '../../../src/codegen/name-string.ts'
import { HypergolError } from '../../../src/index.ts'
import { FIXTURES } from '../../helpers/fixtures.ts'

interface NameVector {
  input: string
  plural: string | null
  asClass: string
  asSnake: string
  asVariable: string
  asPluralVariable: string
  asPluralSnake: string
}

const vectors = (await Bun.file(join(FIXTURES, 'expected', 'namestring_vectors.json')).json()) as NameVector[]

describe('nameForms', () => {
  test.each(vectors.map((vector) => [vector.input, vector.plural, vector] as const))(
    'given %p (plural %p), then every form equals the Python original',
    (input, plural, vector) => {
      const forms = nameForms(input, plural ?? undefined)

      expect(forms).toEqual({
        asClass: vector.asClass,
        asSnake: vector.asSnake,
        asVariable: vector.asVariable,
        asPluralVariable: vector.asPluralVariable,
        asPluralSnake: vector.asPluralSnake,
        asKebab: vector.asSnake.replaceAll('_', '-'),
      })
    },
  )

  test.each(['', '2Fast', 'my-thing', 'my thing', 'my__thing', '_thing', 'thing_', 'My_Thing', 'naïve'])(
    'given %p, then E_INVALID_ARGUMENT names it and says what is accepted',
    (input) => {
      let error: unknown
      try {
        nameForms(input, undefined, 'class name')
      } catch (caught) {
        error = caught
      }

      expect(error).toBeInstanceOf(HypergolError)
      expect((error as HypergolError).code).toBe('E_INVALID_ARGUMENT')
      expect((error as HypergolError).message).toBe(
        `class name ${JSON.stringify(input)} is neither CamelCase nor snake_case`,
      )
    },
  )
})
