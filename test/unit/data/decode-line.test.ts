/**
 * The reading fast paths (codegen-parse on bytes, codegen-read after JSON.parse, decode-line) against the
 * reference: JSON.parse plus the closure-based reader, the exact parser when it asks for it, as decodeLine
 * did before the fast paths existed. Same objects for every line, same error code and message for every
 * bad one.
 */
import { describe, expect, test } from 'bun:test'
import { makeRecord } from '../../../bench/objects.ts'
import { type BaseData, type DataClassOf, instanceBuilderOf } from '../../../src/data/base-data.ts'
import { canonicalParserOf } from '../../../src/data/codegen-parse.ts'
import { decodeLine, fastLineDecoderOf } from '../../../src/data/decode-line.ts'
import type { FieldMap, FieldSpec } from '../../../src/data/field.ts'
import { parseJsonTree } from '../../../src/data/json-tree.ts'
import {
  type BuildInstance,
  NeedsExactParse,
  readObjectOf,
  toDataError,
} from '../../../src/data/read-data.ts'
import { slowRendererOf } from '../../../src/data/render-data.ts'
import { BaseData as Base, field } from '../../../src/index.ts'
import { Blob, Record, RecordSummary, Small } from '../../helpers/fixture-classes.ts'
import { FIXTURE_NAMES, loadExpectedLines } from '../../helpers/fixtures.ts'
import { AllKinds, JsonKinds, makeAllKinds, makeJsonKinds } from './all-kinds.ts'

const WHERE = 'chunk line 1'

/** decodeLine as it was before the fast paths: the reference. */
const decodeReference = (fields: FieldMap, build: BuildInstance, line: string): object => {
  const read = readObjectOf(fields)
  const exact = (): object => {
    let tree: unknown
    try {
      tree = parseJsonTree(line)
    } catch (error) {
      if (error instanceof Error) error.message = `${WHERE}: ${error.message}`
      throw error
    }
    try {
      return read(tree, true, build)
    } catch (error) {
      throw toDataError(error, WHERE)
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return exact()
  }
  try {
    return read(parsed, false, build)
  } catch (error) {
    if (error instanceof NeedsExactParse) return exact()
    throw toDataError(error, WHERE)
  }
}

/** What the dataset reader does with one line's bytes: canonical parse, else text through the fast decoder, else decodeLine. */
const decodeNew = (fields: FieldMap, build: BuildInstance, bytes: Buffer): object => {
  const viaBytes = canonicalParserOf(fields)?.(bytes, 0, bytes.length, build)
  if (viaBytes !== undefined) return viaBytes
  const line = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  return fastLineDecoderOf(fields, build)(line) ?? decodeLine(fields, build, line, WHERE)
}

const outcomeOf = (fields: FieldMap, decode: () => object): unknown => {
  try {
    const object = decode()
    return { line: slowRendererOf(fields)(object), object }
  } catch (error) {
    return { error: `${(error as { code?: string }).code} ${(error as Error).message}` }
  }
}

/** Decodes `line` both ways (as bytes through the reader's paths, and via fromJson) and compares. */
const expectSameAsReference = (dataClass: DataClassOf<BaseData>, line: string): unknown => {
  const fields = dataClass.fields
  const build = instanceBuilderOf(dataClass)
  // As a line inside a chunk: the old per-chunk stream decoder dropped a byte order mark only at its start.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.from(line))
  const expected = outcomeOf(fields, () => decodeReference(fields, build, text))

  expect(outcomeOf(fields, () => decodeNew(fields, build, Buffer.from(line)))).toStrictEqual(expected)
  expect(outcomeOf(fields, () => decodeLine(fields, build, text, WHERE))).toStrictEqual(expected)
  return expected
}

describe('reading canonical lines', () => {
  test.each(Array.from({ length: 300 }, (_, i) => i + 1))(
    'given random AllKinds #%i written canonically, when read, then the object equals the reference',
    (seed) => {
      expectSameAsReference(AllKinds, slowRendererOf(AllKinds.fields)(makeAllKinds(seed)))
    },
  )

  test.each(Array.from({ length: 300 }, (_, i) => i + 1))(
    'given random JsonKinds #%i written canonically, when read, then the object equals the reference',
    (seed) => {
      const line = slowRendererOf(JsonKinds.fields)(makeJsonKinds(seed))

      const outcome = expectSameAsReference(JsonKinds, line)
      expect(outcome).toMatchObject({ line })
    },
  )

  test('given random JsonKinds lines, when read from bytes, then the canonical parser takes every one', () => {
    const parse = canonicalParserOf(JsonKinds.fields)
    const build = instanceBuilderOf(JsonKinds)

    for (let seed = 1; seed <= 300; seed++) {
      // Escapes and NaN inside json members are the tree parser's; elsewhere the canonical parser declines them.
      const object = makeJsonKinds(seed)
      object.text = 'plain'
      object.inner.name = 'plain'
      object.ratio = 0.5
      const line = object.toJson()
      const read = parse?.(Buffer.from(line), 0, line.length, build)
      expect((read as JsonKinds | undefined)?.toJson()).toBe(line)
    }
  })

  test.each([...FIXTURE_NAMES])(
    'given the Python-written lines of %s, when read, then as the reference',
    async (name) => {
      const dataClass = {
        records: Record,
        blobs: Blob,
        record_summaries: RecordSummary,
        loaded_chunk_probe: RecordSummary,
      }[name] as DataClassOf<BaseData>
      for (const line of await loadExpectedLines(name)) expectSameAsReference(dataClass, line)
    },
  )

  test('given plain ASCII records, when read from bytes, then the canonical parser takes every line', () => {
    const parse = canonicalParserOf(Record.fields)
    const build = instanceBuilderOf(Record)

    for (let k = 0; k < 500; k++) {
      const line = makeRecord(k).toJson()
      const object = parse?.(Buffer.from(line), 0, line.length, build)
      expect(object).toBeInstanceOf(Record)
      expect((object as Record).toJson()).toBe(line)
    }
  })
})

class Tokens extends Base.define({
  i: field.int(),
  b: field.bigint(),
  f: field.float(),
  s: field.str(),
  t: field.datetime(),
  d: field.date(),
  c: field.time(),
  o: field.optional(field.int()),
  flag: field.bool(),
}) {}

const TOKEN_DEFAULTS: { [K in keyof typeof Tokens.fields]: string } = {
  b: '1',
  c: '"01:02:03"',
  d: '"2020-01-02"',
  f: '0.5',
  flag: 'true',
  i: '7',
  o: 'null',
  s: '"x"',
  t: '"2020-01-02T03:04:05"',
}

const tokensLine = (member: keyof typeof TOKEN_DEFAULTS, token: string): string =>
  `{${Object.entries({ ...TOKEN_DEFAULTS, [member]: token })
    .map(([key, value]) => `"${key}": ${value}`)
    .join(', ')}}`

const NUMBERS = [
  '0',
  '-0',
  '01',
  '-01',
  '-',
  '1.0',
  '1e2',
  '1E2',
  '.5',
  '5.',
  '1.e3',
  '+1',
  '9007199254740991',
]
const BIG_NUMBERS = ['9007199254740992', '-9007199254740993', '12345678901234567890', '1e+400', '-1e-400']
const FLOATS = ['-0.0', '0.1', '1e-07', '1.7976931348623157e308', '2.2250738585072014e-308', '5e-324', '00.5']
const ODD_FLOATS = [
  '0.1000000000000000055511151231257827',
  '9007199254740993.0',
  '123456789012345678.5',
  '1e',
  '1e+',
]
const SPECIALS = ['NaN', 'Infinity', '-Infinity', 'true', 'null', '"1"', '[]', '{}', '']
const STRINGS = [
  '"a\\u00e9"',
  '"\\ud800"',
  '"tab\there"',
  '"\u00e9"',
  '"\\/"',
  '"a\\"b"',
  '"\u007f"',
  '"\\x"',
  '"',
]
const TIMES = [
  '"2020-02-30T00:00:00"',
  '"2021-02-29T00:00:00"',
  '"2024-02-29T23:59:59.999999"',
  '"2020-01-01T24:00:00"',
  '"2020-01-01T00:00:00Z"',
  '"2020-01-01 00:00:00"',
  '"2020-01-01T00:00:00.123"',
  '"2020-01-01T00:00:00.1234567"',
  '"2020-01-01T00:00:00+05:30"',
  '"0000-01-01T00:00:00"',
  '"2020-01-01T00:00:60"',
  '"\u0662020-01-01T00:00:00"',
]
const DATES = [
  '"2024-02-29"',
  '"2023-02-29"',
  '"2020-13-01"',
  '"2020-1-01"',
  '"0001-01-01"',
  '"9999-12-31"',
  '"2020-01-01T"',
]
const CLOCKS = [
  '"23:59:59.999999"',
  '"24:00:00"',
  '"01:02"',
  '"01:02:03+01:00"',
  '"01:02:03.5"',
  '"01:02:03Z"',
]

describe('reading tokens at the edges', () => {
  const cases: [keyof typeof TOKEN_DEFAULTS, string][] = [
    ...[...NUMBERS, ...BIG_NUMBERS, ...SPECIALS].flatMap((token) =>
      (['i', 'b', 'f', 'o'] as const).map((member): [keyof typeof TOKEN_DEFAULTS, string] => [member, token]),
    ),
    ...[...FLOATS, ...ODD_FLOATS].map((token): [keyof typeof TOKEN_DEFAULTS, string] => ['f', token]),
    ...[...STRINGS, ...SPECIALS].map((token): [keyof typeof TOKEN_DEFAULTS, string] => ['s', token]),
    ...TIMES.map((token): [keyof typeof TOKEN_DEFAULTS, string] => ['t', token]),
    ...DATES.map((token): [keyof typeof TOKEN_DEFAULTS, string] => ['d', token]),
    ...CLOCKS.map((token): [keyof typeof TOKEN_DEFAULTS, string] => ['c', token]),
    ['flag', 'false'],
    ['flag', 'tru'],
    ['flag', '1'],
  ]

  test.each(cases)('given member %s holding %s, when read, then as the reference', (member, token) => {
    expectSameAsReference(Tokens, tokensLine(member, token))
  })
})

class WithJson extends Base.define({ i: field.int(), j: field.json(), s: field.str() }) {}

describe('reading json members at the edges', () => {
  test.each([
    '3',
    '3.0',
    '-0.0',
    '1e-07',
    '123456789012345678901234567890',
    'NaN',
    '-Infinity',
    '{"b": 1, "a": [true, false, null]}',
    '{ "a" : [ 1 , 2 ] }',
    '[1, [2, [3, {"x": {}}]]]',
    '"\\udc00"',
    '"\u00e9 raw"',
    '{"a": 1, "a": 2}',
    '{"__proto__": {"polluted": 1}}',
    '[1, 2',
    '{"a" 1}',
    '01',
    'nan',
    '',
  ])('given json member holding %s, when read, then as the reference', (token) => {
    expectSameAsReference(WithJson, `{"i": 1, "j": ${token}, "s": "x"}`)
  })
})

describe('reading lines that are not canonical', () => {
  const base = makeRecord(9).toJson()
  const variants: [string, string][] = [
    ['without spaces', JSON.stringify(JSON.parse(base))],
    ['with extra spaces', base.replaceAll(': ', ':  ')],
    ['with a trailing space', `${base} `],
    ['with a trailing CR', `${base}\r`],
    ['with a leading space', ` ${base}`],
    ['with a byte order mark', `\ufeff${base}`],
    ['with keys in reverse order', `{${base.slice(1, -1).split(', "').reverse().join(', "')}}`],
    ['with an unknown member', base.replace('{', '{"zzz": 1, ')],
    ['with a duplicate member', base.replace(/}$/, ', "recordId": 10}')],
    ['without a member', base.replace(/"tags": \[[^\]]*\], /, '')],
    ['with a nested member missing', base.replace('"name": "main-9", ', '')],
    ['with a wrong type deep inside', base.replace('"score": 2.25', '"score": "x"')],
    ['with null in a member', base.replace('"recordId": 9', '"recordId": null')],
    ['with an unsafe integer', base.replace('"recordId": 9', '"recordId": 9007199254740993')],
    ['cut short', base.slice(0, -5)],
    ['empty object', '{}'],
    ['an array', '[1, 2]'],
  ]

  test.each(variants)('given a record line %s, when read, then as the reference', (_, line) => {
    expectSameAsReference(Record, line)
  })

  test('given a missing optional member, when read, then it is null as with the reference', () => {
    const line = tokensLine('o', '1').replace(', "o": 1', '')

    expect(expectSameAsReference(Tokens, line)).toMatchObject({ object: { o: null } })
  })

  test('given a bad value, when read, then the message names the line and the path', () => {
    const line = makeRecord(9).toJson().replace('"score": 2.25', '"score": "x"')

    expect(expectSameAsReference(Record, line)).toEqual({
      error: 'E_DATA_INVALID chunk line 1: field mainLabel.score: expected a number, got string "x"',
    })
    expect(expectSameAsReference(Small, '{"name": "a", "smallId": 1e300, "value": 1, "values": []}')).toEqual(
      {
        error: 'E_DATA_INVALID chunk line 1: field smallId: expected an integer, got number 1e+300',
      },
    )
    expect(
      expectSameAsReference(Small, '{"name": "a", "smallId": 90071992547409930, "value": 1, "values": []}'),
    ).toEqual({
      error:
        'E_INT_PRECISION chunk line 1: field smallId: integer 90071992547409930 is beyond ±2^53 and cannot be held exactly in an int field; declare it with field.bigint()',
    })
  })
})

describe('reading into classes with their own constructor', () => {
  test('given a subclass with a class field and a constructor, when read, then both run once per object', () => {
    let constructed = 0
    class Counted extends Base.define({ n: field.int(), label: field.str() }) {
      readonly doubled: number
      seen = 'yes'
      constructor(values: { n: number; label: string }) {
        super(values)
        this.doubled = this.n * 2
        constructed++
      }
    }
    const line = '{"label": "a", "n": 21}'

    const object = decodeNew(Counted.fields, instanceBuilderOf(Counted), Buffer.from(line)) as Counted

    expect(object).toBeInstanceOf(Counted)
    expect(object.doubled).toBe(42)
    expect(object.seen).toBe('yes')
    expect(constructed).toBe(1)
  })

  test('given a field map that contains itself, when compiled, then only the general path reads it', () => {
    const fields: { [name: string]: FieldSpec } = { name: field.str() }
    class Node extends Base.define(fields) {}
    fields.next = field.optional(field.data(Node))

    expect(canonicalParserOf(fields)).toBeUndefined()
  })
})
