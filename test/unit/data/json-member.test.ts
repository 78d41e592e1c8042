/**
 * `field.json()`: any JSON value kept exactly (FORMAT.md §5). Lines Python writes for a class with dict and
 * list members read back and write again byte for byte, through `fromJson` and through a dataset on disk;
 * the value is a JsonTree (bigint = int, number = float) in the constructor, `toData` and `fromData`.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { instanceBuilderOf } from '../../../src/data/base-data.ts'
import { canonicalParserOf } from '../../../src/data/codegen-parse.ts'
import { holdsJson } from '../../../src/data/field.ts'
import {
  BaseData,
  Dataset,
  exampleOf,
  field,
  HypergolError,
  type JsonTree,
  schemaOfDataClass,
} from '../../../src/index.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

class Event extends BaseData.define({
  eventId: field.int({ id: true }),
  payload: field.json(),
  tags: field.list(field.json()),
}) {}

/**
 * What Python writes for `Event` objects whose `payload` is a dict or list and `tags` a list of anything:
 * `json.dumps(obj.to_data(), sort_keys=True)`, printed by CPython 3.11 from these values:
 *
 *     {"eventId": 1, "payload": {"zeta": [1, 2.5, 3.0], "Alpha": {"nested": {"b": True, "a": None}},
 *      "_x": "Zo\u00eb \u2603 \ud83d\ude00", "big": 123456789012345678901234567890, "small": 1e-07},
 *      "tags": [{"k": -0.0}, [], {}]}
 *     {"eventId": 2, "payload": [float("nan"), float("inf"), float("-inf"), -1180591620717411303424, 2e16,
 *      1.02e17, 4.2e-05, "\udc00 lone"], "tags": []}
 *     {"eventId": 3, "payload": None, "tags": [3, 3.0, "3", False]}
 *     {"eventId": 4, "payload": {"\uff01": 1, "\U0001f600": 2, "a": {"B": 1, "_": 2, "b": 3}},
 *      "tags": [{"deep": [[[{"z": 0.1, "y": 9007199254740993}]]]}]}
 */
const PYTHON_LINES = [
  '{"eventId": 1, "payload": {"Alpha": {"nested": {"a": null, "b": true}}, "_x": "Zo\\u00eb \\u2603 \\ud83d\\ude00", "big": 123456789012345678901234567890, "small": 1e-07, "zeta": [1, 2.5, 3.0]}, "tags": [{"k": -0.0}, [], {}]}',
  '{"eventId": 2, "payload": [NaN, Infinity, -Infinity, -1180591620717411303424, 2e+16, 1.02e+17, 4.2e-05, "\\udc00 lone"], "tags": []}',
  '{"eventId": 3, "payload": null, "tags": [3, 3.0, "3", false]}',
  '{"eventId": 4, "payload": {"a": {"B": 1, "_": 2, "b": 3}, "\\uff01": 1, "\\ud83d\\ude00": 2}, "tags": [{"deep": [[[{"y": 9007199254740993, "z": 0.1}]]]}]}',
]

describe('json members in Python-written lines', () => {
  test.each(PYTHON_LINES)(
    'given the Python line %s, when read and written again, then it is identical',
    (line) => {
      expect(Event.fromJson(line).toJson()).toBe(line)
    },
  )

  test('given the Python lines as bytes, when read, then the canonical parser takes each one exactly', () => {
    const parse = canonicalParserOf(Event.fields)

    for (const line of PYTHON_LINES) {
      const object = parse?.(Buffer.from(line), 0, line.length, instanceBuilderOf(Event))
      expect((object as Event | undefined)?.toJson()).toBe(line)
    }
  })

  test('given a Python line, when read, then ints are bigints and floats numbers, nested exactly', () => {
    const event = Event.fromJson(PYTHON_LINES[0] as string)

    expect(event.payload).toEqual({
      Alpha: { nested: { a: null, b: true } },
      _x: 'Zo\u00eb \u2603 \u{1F600}',
      big: 123456789012345678901234567890n,
      small: 1e-7,
      zeta: [1n, 2.5, 3],
    })
    expect(Object.is((event.tags[0] as { k: number }).k, -0)).toBe(true)
    expect(Event.fromJson(PYTHON_LINES[2] as string).tags).toEqual([3n, 3, '3', false])
  })

  describe('in a dataset on disk', () => {
    let location: string
    beforeEach(() => {
      location = mkdtempSync(join(tmpdir(), 'hypergol-'))
    })
    afterEach(() => {
      rmSync(location, { recursive: true, force: true })
    })

    test('given Python lines written to a dataset, when read back, then the chunks hold them and each re-renders identically', async () => {
      const dataset = new Dataset(Event, {
        location,
        project: 'p',
        branch: 'b',
        name: 'events',
        repoInfo: TEST_REPO_INFO,
      })
      await dataset.writeAll(PYTHON_LINES.map((line) => Event.fromJson(line)))

      const stored = readdirSync(dataset.directory)
        .filter((name) => name.endsWith('.jsonl.gz'))
        .flatMap((name) =>
          new TextDecoder().decode(Bun.gunzipSync(readFileSync(join(dataset.directory, name)))).split('\n'),
        )
        .filter((line) => line !== '')
      const read: string[] = []
      for await (const event of dataset.read({ verify: true })) read.push(event.toJson())

      expect(stored.sort()).toEqual([...PYTHON_LINES].sort())
      expect(read.sort()).toEqual([...PYTHON_LINES].sort())
    })
  })
})

describe('json member values', () => {
  test('given keys in any order at every level, when written, then they are sorted by code point', () => {
    const event = new Event({
      eventId: 1,
      payload: { '\u{1F600}': 2n, '\uff01': 1n, b: { z: null, B: [] }, _: 0.5 },
      tags: [],
    })

    expect(event.toJson()).toBe(
      '{"eventId": 1, "payload": {"_": 0.5, "b": {"B": [], "z": null}, "\\uff01": 1, "\\ud83d\\ude00": 2}, "tags": []}',
    )
  })

  test('given bigint 3n and number 3, when written, then 3 and 3.0', () => {
    const event = new Event({ eventId: 1, payload: [3n, 3, -0, 1e-7, 2n ** 70n], tags: [] })

    expect(event.toJson()).toBe(
      '{"eventId": 1, "payload": [3, 3.0, -0.0, 1e-07, 1180591620717411303424], "tags": []}',
    )
  })

  test('given the same tree with keys in another order, when compared, then equal; 3 against 3.0 is not', () => {
    const make = (payload: JsonTree) => new Event({ eventId: 1, payload, tags: [] })

    expect(make({ a: 1n, b: [Number.NaN] }).equals(make({ b: [Number.NaN], a: 1n }))).toBe(true)
    expect(make({ a: 3n }).equals(make({ a: 3 }))).toBe(false)
  })

  test('given toData and fromData, when the trees they gave are changed, then the objects are not', () => {
    const input = { a: [1n, { b: 2.5 }] }
    const event = Event.fromData({ eventId: 1, payload: input, tags: [input] })
    input.a.push(9n)
    const data = event.toData()
    ;(data.payload as { a: JsonTree[] }).a.push(10n)

    expect(event.toJson()).toBe(
      '{"eventId": 1, "payload": {"a": [1, {"b": 2.5}]}, "tags": [{"a": [1, {"b": 2.5}]}]}',
    )
  })

  test('given toData, then ints stay bigints and floats numbers, and fromData(toData()) is equal', () => {
    const event = Event.fromJson(PYTHON_LINES[0] as string)

    expect(event.toData().payload).toEqual(event.payload)
    expect(Event.fromData(event.toData()).equals(event)).toBe(true)
    expect(event.testToData()).toBe(true)
    expect(event.testFromData()).toBe(true)
    expect(event.testGetHashId()).toBe(true)
  })

  test('given a plain JS value in fromData, then a number is a float and a bigint an int', () => {
    const event = Event.fromData({ eventId: 1, payload: { n: 3, k: 3n, x: 0.5 }, tags: [] })

    expect(event.toJson()).toBe('{"eventId": 1, "payload": {"k": 3, "n": 3.0, "x": 0.5}, "tags": []}')
  })

  test('given a value that is not JSON in fromData, then E_DATA_INVALID names its path', () => {
    const read = () => Event.fromData({ eventId: 1, payload: {}, tags: [{ a: [1n, new Date(0)] }] })

    expect(read).toThrow(HypergolError)
    expect(read).toThrow(
      'Event: field tags[0].a[1]: expected a JSON value (null, boolean, bigint, number, string, array or plain object), got a Date',
    )
  })

  test('given a line with a json member, when fromJson reads it, then only the exact parser decides (no JSON.parse)', () => {
    // JSON.parse would read 3.0 as 3 and lose the digits of the big int.
    expect(
      Event.fromJson('{"eventId": 1, "payload": [3.0, 12345678901234567890], "tags": []}').payload,
    ).toEqual([3, 12345678901234567890n])
  })
})

describe('json members in the rest of the data model', () => {
  class Holder extends BaseData.define({ name: field.str(), maybe: field.optional(field.data(Event)) }) {}

  test('given classes with and without json members, nested ones included, then holdsJson says which', () => {
    expect(holdsJson(Event.fields)).toBe(true)
    expect(holdsJson(Holder.fields)).toBe(true)
    expect(holdsJson({ a: field.int(), b: field.list(field.str()) })).toBe(false)
  })

  test('given a json member, when its TypeBox schema checks any JSON value, then it passes', () => {
    const schema = schemaOfDataClass(Event)

    for (const payload of [null, 1, 'x', [1, [2]], { a: { b: [true] } }]) {
      expect(Value.Check(schema, { eventId: 1, payload, tags: [payload] })).toBe(true)
    }
    expect(Value.Check(schema, { eventId: 1, tags: [] })).toBe(false)
  })

  test('given a class with json members, when exampleOf builds one, then it passes the self-checks', () => {
    const example = exampleOf(Event)

    expect(example.toJson()).toBe(
      '{"eventId": 1, "payload": {"flag": true, "none": null, "ratio": 0.5, "tags": ["x"]}, "tags": [{"flag": true, "none": null, "ratio": 0.5, "tags": ["x"]}]}',
    )
    expect(example.testToData()).toBe(true)
    expect(example.testFromData()).toBe(true)
  })

  test('given a json member marked as id, when the class is defined, then E_DATA_CLASS', () => {
    const spec = { ...field.json(), id: true }

    expect(() => BaseData.define({ payload: spec })).toThrow(
      'member payload: only int, bigint and str members can be ids',
    )
  })
})
