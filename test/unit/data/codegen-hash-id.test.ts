/**
 * The generated hash id text reader (what the writer routes with) against `renderHashIdText(getHashId())`.
 */
import { describe, expect, test } from 'bun:test'
import { idTextReaderOf } from '../../../src/data/codegen-hash-id.ts'
import { renderHashIdText } from '../../../src/data/hash-id.ts'
import { BaseData, field } from '../../../src/index.ts'
import { Label, RecordSummary } from '../../helpers/fixture-classes.ts'
import { AllKinds, makeAllKinds } from './all-kinds.ts'

class Ids extends BaseData.define({
  a: field.str({ id: true }),
  n: field.int(),
  b: field.bigint({ id: true }),
}) {}

describe('idTextReaderOf', () => {
  test('given random objects, when their id text is read, then it is renderHashIdText(getHashId())', () => {
    const read = idTextReaderOf(AllKinds.fields)
    for (let seed = 1; seed <= 300; seed++) {
      const object = makeAllKinds(seed)
      expect(read?.(object)).toBe(renderHashIdText(object.getHashId()))
    }
  })

  test.each([
    ['a', 1n],
    ['', -5n],
    ['Zo\u00eb', 10n ** 30n],
  ] as const)(
    'given ids %p and %p, when read, then the parts are concatenated as Python str() does',
    (a, b) => {
      const object = new Ids({ a, n: 0, b })

      expect(idTextReaderOf(Ids.fields)?.(object)).toBe(renderHashIdText(object.getHashId()))
    },
  )

  test('given values the general path must judge, when read, then undefined', () => {
    const read = idTextReaderOf(RecordSummary.fields)
    const summary = (recordId: unknown, kind: unknown) =>
      Object.assign(
        new RecordSummary({ recordId: 1, kind: 'k', total: 0, labelCount: 0, createdAt: null as never }),
        {
          recordId,
          kind,
        },
      )

    expect(read?.(summary(1, 'lone \ud800'))).toBeUndefined()
    expect(read?.(summary(1.5, 'k'))).toBeUndefined()
    expect(read?.(summary(2 ** 53, 'k'))).toBeUndefined()
    expect(read?.(summary(true, 'k'))).toBeUndefined()
    expect(read?.(summary(null, 'k'))).toBeUndefined()
    expect(read?.(summary(-0, 'k'))).toBe(renderHashIdText([-0, 'k']))
  })

  test('given a class without id members, when compiled, then there is no reader', () => {
    expect(idTextReaderOf(Label.fields)).toBeUndefined()
  })
})
