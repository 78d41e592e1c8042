/**
 * exampleOf: a valid instance of any data class, nested, list and optional members included.
 */
import { describe, expect, test } from 'bun:test'
import { Record } from '../../../examples/record-summaries/data-models/record.ts'
import { BaseData, exampleOf, field } from '../../../src/index.ts'

class Everything extends BaseData.define({
  id: field.str({ id: true }),
  count: field.int(),
  big: field.bigint(),
  ratio: field.float(),
  flag: field.bool(),
  at: field.datetime(),
  day: field.date(),
  clock: field.time(),
  blob: field.object(),
  records: field.list(field.data(Record)),
  note: field.optional(field.str()),
}) {}

describe('exampleOf', () => {
  test('given a class with every kind of member, then the example passes the three self-checks', () => {
    const example = exampleOf(Everything)

    expect(example.testGetHashId()).toBe(true)
    expect(example.testToData()).toBe(true)
    expect(example.testFromData()).toBe(true)
  })

  test('given a class, then the example has the documented values', () => {
    expect(exampleOf(Everything).toJson()).toBe(
      '{"at": "2020-01-02T03:04:05.123456", "big": 1, "blob": "gAN9cQAu", "clock": "03:04:05.123456", "count": 1, "day": "2020-01-02", "flag": true, "id": "id", "note": "note", "ratio": 0.5, "records": [' +
        exampleOf(Record).toJson() +
        ']}',
    )
  })
})
