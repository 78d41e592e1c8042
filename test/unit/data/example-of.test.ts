/**
 * exampleOf: a valid instance of any data class, nested, list and optional members included.
 */
import { describe, expect, test } from 'bun:test'
import { EXAMPLE_TEXT } from '../../../src/data/example-of.ts'
import { BaseData, exampleOf, field } from '../../../src/index.ts'
import { AllKinds } from './all-kinds.ts'

describe('exampleOf', () => {
  test('given a class with every kind of member, then the example passes the three self-checks', () => {
    const example = exampleOf(AllKinds)

    expect(example.testGetHashId()).toBe(true)
    expect(example.testToData()).toBe(true)
    expect(example.testFromData()).toBe(true)
  })

  test('given a class with every kind of member, then the example has the documented values', () => {
    const inner = '{"name": "name", "score": 0.5, "tags": ["tags"]}'

    expect(exampleOf(AllKinds).toJson()).toBe(
      '{"at": "2020-01-02T03:04:05.123456", "ats": ["2020-01-02T03:04:05.123456"], "big": 1, "bigs": [1], ' +
        '"blob": "gAN9cQAu", "blobs": ["gAN9cQAu"], "clock": "03:04:05.123456", "clocks": ["03:04:05.123456"], ' +
        '"day": "2020-01-02", "days": ["2020-01-02"], "flag": true, "flags": [true], "floats": [0.5], ' +
        `"grid": [[1]], "holes": ["holes"], "id": 1, "inner": ${inner}, "inners": [${inner}], "ints": [1], ` +
        '"key": "key", "maybeAt": "2020-01-02T03:04:05.123456", "maybeBig": 1, "maybeBlob": "gAN9cQAu", ' +
        '"maybeClock": "03:04:05.123456", "maybeDay": "2020-01-02", "maybeFlag": true, ' +
        `"maybeInner": ${inner}, "maybeInt": 1, "maybeInts": [1], "maybeRatio": 0.5, "maybeText": "maybeText", ` +
        '"ratio": 0.5, "text": "text", "texts": ["texts"]}',
    )
  })

  test('given the literals generated tests write, when evaluated, then they are the values exampleOf builds', () => {
    class Literals extends BaseData.define({
      int: field.int(),
      bigint: field.bigint(),
      float: field.float(),
      bool: field.bool(),
      json: field.json(),
    }) {}
    // The temporal and object texts are the contents of string literals, not literals themselves.
    const kinds = ['int', 'bigint', 'float', 'bool', 'json'] as const
    const values = Object.fromEntries(
      kinds.map((kind) => [kind, new Function(`return ${EXAMPLE_TEXT[kind]}`)()]),
    )

    expect(new Literals(values as never).toJson()).toBe(exampleOf(Literals).toJson())
  })
})
