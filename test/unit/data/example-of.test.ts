/**
 * exampleOf: a valid instance of any data class, nested, list and optional members included.
 */
import { describe, expect, test } from 'bun:test'
import { exampleOf } from '../../../src/index.ts'
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
})
