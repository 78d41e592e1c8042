import { describe, expect, test } from 'bun:test'
import { Value } from '@sinclair/typebox/value'
import { BaseData, CalendarDate, DateTime, field, schemaOfDataClass, TimeOfDay } from '../../../src/index.ts'
import { Label, Record } from '../../helpers/fixture-classes.ts'

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
  label: field.data(Label),
  labels: field.list(field.data(Label)),
  scores: field.list(field.float()),
  note: field.optional(field.str()),
  maybeLabel: field.optional(field.data(Label)),
}) {}

const everything = (overrides: Partial<ConstructorParameters<typeof Everything>[0]> = {}) =>
  new Everything({
    id: 'e1',
    count: 3,
    big: 123456789012345678901234567890n,
    ratio: 3,
    flag: true,
    at: DateTime.parse('2019-03-04T05:06:07.000250-07:00'),
    day: CalendarDate.parse('0033-01-02'),
    clock: TimeOfDay.parse('14:05:00+09:30'),
    blob: 'gAROLg==',
    label: new Label({ name: 'a', score: -0 }),
    labels: [new Label({ name: 'b', score: 0.5 }), new Label({ name: 'c', score: Number.NaN })],
    scores: [1e-7, 2.5e16, Number.POSITIVE_INFINITY],
    ...overrides,
  })

const LINE =
  '{"at": "2019-03-04T05:06:07.000250-07:00", "big": 123456789012345678901234567890, "blob": "gAROLg==", ' +
  '"clock": "14:05:00+09:30", "count": 3, "day": "0033-01-02", "flag": true, "id": "e1", ' +
  '"label": {"name": "a", "score": -0.0}, "labels": [{"name": "b", "score": 0.5}, {"name": "c", "score": NaN}], ' +
  '"maybeLabel": null, "note": null, "ratio": 3.0, "scores": [1e-07, 2.5e+16, Infinity]}'

describe('BaseData.define', () => {
  test('given every field kind, when serialised, then the line follows FORMAT.md §5 byte for byte', () => {
    expect(everything().toJson()).toBe(LINE)
  })

  test('given a canonical line, when read with fromJson and written again, then it is identical', () => {
    const object = Everything.fromJson(LINE)

    expect(object.toJson()).toBe(LINE)
    expect(object.big).toBe(123456789012345678901234567890n)
    expect(Object.is(object.label.score, -0)).toBe(true)
    expect(object.note).toBeNull()
  })

  test('given lists of plain values and of objects, when toData is changed, then the object is not', () => {
    const object = everything()
    const data = object.toData() as { scores: number[]; labels: { name: string }[] }

    data.scores.push(4)
    ;(data.labels[0] as { name: string }).name = 'changed'

    expect(object.scores).toEqual([1e-7, 2.5e16, Number.POSITIVE_INFINITY])
    expect(object.labels[0]?.name).toBe('b')
    expect(object.toJson()).toBe(LINE)
  })

  test('given optional members left out, when constructed, then they are null', () => {
    expect(everything().maybeLabel).toBeNull()
  })

  test('given a required member left out at run time, when constructed, then throws naming it', () => {
    expect(() => new Label({ name: 'x' } as never)).toThrow('Label: missing member score')
  })

  test.each([
    [{ 'bad-name': field.int() }, 'member name "bad-name" is not allowed'],
    [{ toJson: field.int() }, 'member name "toJson" is not allowed'],
    [
      { score: field.float() as never as ReturnType<typeof field.int>, x: { kind: 'float', id: true } },
      'only int',
    ],
    [{ x: 'int' }, 'member x: not a field spec'],
  ])('given an invalid field map %#, when defined, then throws E_DATA_CLASS', (fields, message) => {
    expect(() => BaseData.define(fields as never)).toThrow(message)
  })
})

describe('reading values exactly', () => {
  test('given an int member beyond 2^53 in a line, when read, then throws E_INT_PRECISION naming the member', () => {
    const line = '{"name": "x", "score": 1.0}'.replace('"score": 1.0', '"score": 1.0')
    expect(Label.fromJson(line).score).toBe(1)
    expect(() => Record.fromJson(recordLine({ recordId: '123456789012345678901' }))).toThrow(
      expect.objectContaining({
        code: 'E_INT_PRECISION',
        message: expect.stringContaining('field recordId'),
      }),
    )
  })

  test('given an unsafe integer held in an int member, when serialised, then E_DATA_INVALID (not a precision loss in a file)', () => {
    const record = Record.fromJson(recordLine({}))
    record.recordId = 2 ** 60

    expect(() => record.toJson()).toThrow(expect.objectContaining({ code: 'E_DATA_INVALID' }))
  })

  test('given an int token in a float member (Python does not coerce), when read, then it is accepted', () => {
    expect(Record.fromJson(recordLine({ value: '3' })).value).toBe(3)
  })

  test('given an unknown member, when read, then throws E_DATA_INVALID naming it', () => {
    expect(() => Label.fromJson('{"extra": 1, "name": "x", "score": 1.0}')).toThrow('unknown member "extra"')
  })

  test('given a wrong type deep inside, when read, then the error names the path', () => {
    const line = recordLine({ labels: '[{"name": "l0", "score": 0.0}, {"name": 5, "score": 0.5}]' })
    expect(() => Record.fromJson(line)).toThrow('field labels[1].name: expected a string, got number 5')
  })
})

const recordLine = (replace: { [key: string]: string }): string => {
  const members: { [key: string]: string } = {
    counts: '[]',
    createdAt: '"2020-01-01T00:00:00"',
    day: '"2020-01-01"',
    labels: '[]',
    mainLabel: '{"name": "m", "score": 0.0}',
    name: '"n"',
    recordId: '1',
    tags: '[]',
    value: '0.5',
    ...replace,
  }
  return `{${Object.entries(members)
    .map(([key, value]) => `"${key}": ${value}`)
    .join(', ')}}`
}

describe('value equality (FORMAT.md §12)', () => {
  test('given two objects equal member by member, NaN included, when compared, then equal', () => {
    expect(everything().equals(everything())).toBe(true)
  })

  test('given -0.0 against 0.0 in a nested member, when compared, then not equal', () => {
    expect(everything().equals(everything({ label: new Label({ name: 'a', score: 0 }) }))).toBe(false)
  })

  test('given a difference in the microseconds of a datetime, when compared, then not equal', () => {
    expect(everything().equals(everything({ at: DateTime.parse('2019-03-04T05:06:07.000251-07:00') }))).toBe(
      false,
    )
  })

  test('given naive and aware datetimes with the same wall clock, when compared, then not equal', () => {
    const naive = everything({ at: DateTime.parse('2019-03-04T05:06:07') })
    expect(naive.equals(everything({ at: DateTime.parse('2019-03-04T05:06:07+00:00') }))).toBe(false)
  })
})

describe('self-checks used by generated tests', () => {
  test('given a valid object, when all three checks run, then each returns true', () => {
    const object = everything()

    expect(object.testGetHashId()).toBe(true)
    expect(object.testToData()).toBe(true)
    expect(object.testFromData()).toBe(true)
  })

  test('given a nested member holding a plain object, when testToData runs, then it names the member', () => {
    const object = everything({ label: { name: 'a', score: 1 } as Label })

    expect(() => object.testToData()).toThrow('field label: expected a Label, got an object')
  })

  test('given a null in a non-optional list element, when testToData runs, then it names the path', () => {
    const object = everything({ labels: [new Label({ name: 'b', score: 1 }), null as never] })

    expect(() => object.testToData()).toThrow('field labels[1]: expected a Label, got null')
  })

  test('given a nested class whose toData loses a member, when testFromData runs, then it names the path', () => {
    class LossyLabel extends BaseData.define({ name: field.str(), score: field.float() }) {
      override toData() {
        return { ...super.toData(), score: 0 }
      }
    }
    class Holder extends BaseData.define({ id: field.int({ id: true }), label: field.data(LossyLabel) }) {}
    const holder = new Holder({ id: 1, label: new LossyLabel({ name: 'x', score: 2.5 }) })

    expect(() => holder.testFromData()).toThrow('differs at label.score: 2.5 before, 0.0 after')
  })

  test('given a class without id members, when its hash id is asked, then throws E_HASH_ID with a hint', () => {
    expect(() => new Label({ name: 'x', score: 1 }).getHashId()).toThrow(
      expect.objectContaining({ code: 'E_HASH_ID', hint: expect.stringContaining('override getHashId()') }),
    )
  })

  test('given an overridden getHashId, when checked, then the override decides routing', () => {
    class Child extends BaseData.define({ childId: field.int({ id: true }), parentId: field.int() }) {
      override getHashId() {
        return [this.parentId]
      }
    }

    const child = new Child({ childId: 7, parentId: 3 })
    expect(child.getHashId()).toEqual([3])
    expect(child.testGetHashId()).toBe(true)
  })
})

describe('schemaOfDataClass', () => {
  test('given a valid object, when its toData is checked against the TypeBox schema, then it passes', () => {
    const schema = schemaOfDataClass(Record)
    const record = Record.fromJson(recordLine({}))

    expect(Value.Check(schema, record.toData())).toBe(true)
  })

  test.each([
    ['an unknown member', { extra: 1 }],
    ['a string for an int', { recordId: '1' }],
    ['a bad datetime', { createdAt: 'yesterday' }],
    ['a nested unknown member', { mainLabel: { name: 'm', score: 0, extra: true } }],
  ])('given %s, when checked against the schema, then it fails', (_, change) => {
    const data = { ...Record.fromJson(recordLine({})).toData(), ...change }

    expect(Value.Check(schemaOfDataClass(Record), data)).toBe(false)
  })
})
