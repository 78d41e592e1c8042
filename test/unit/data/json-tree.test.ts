import { describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

import {
  type JsonTree,
  parseJsonTree,
  renderJsonTree,
  renderJsonTreeIndented,
} from '../../../src/data/json-tree.ts'
import { HypergolError } from '../../../src/errors.ts'

const FIXTURES = join(import.meta.dir, '../../fixtures/pyhypergol')

const expectedFiles = readdirSync(join(FIXTURES, 'expected'))
  .filter((name) => name.endsWith('.jsonl'))
  .sort()

const datasetFiles = (readdirSync(join(FIXTURES, 'data'), { recursive: true }) as string[])
  .filter((path) => path.endsWith('.def') || path.endsWith('.chk'))
  .sort()

const syntaxErrorOf = (text: string): HypergolError | undefined => {
  try {
    parseJsonTree(text)
  } catch (error) {
    if (error instanceof HypergolError) return error
    throw error
  }
  return undefined
}

describe('parseJsonTree', () => {
  test.each([
    ['3', 3n],
    ['3.0', 3],
    ['-0', 0n],
    ['123456789012345678901234567890', 123456789012345678901234567890n],
    ['-1180591620717411303424', -1180591620717411303424n],
    ['1e-07', 1e-7],
    ['1.02e+17', 1.02e17],
    ['2.5E16', 2.5e16],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['true', true],
    ['false', false],
    ['null', null],
    ['"a\\/b\\u00e9\\ud83d\\ude00"', 'a/bé😀'],
    ['"\\udc00"', '\udc00'],
    ['"\\uD83D\\uDE00"', '😀'],
    ['"raw é 😀"', 'raw é 😀'],
    [' \t\r\n[ 1 , 2.5 ]\n', [1n, 2.5]],
    ['{"a": {"b": [[], {}]}}', { a: { b: [[], {}] } }],
    ['{"a": 1, "a": 2}', { a: 2n }],
  ] as [string, JsonTree][])('given %j, when parsed, then gives the expected tree', (text, expected) => {
    const value = parseJsonTree(text)

    expect(value).toEqual(expected)
  })

  test('given -0.0, when parsed, then gives negative zero', () => {
    const value = parseJsonTree('-0.0')

    expect(Object.is(value, -0)).toBe(true)
  })

  test('given a "__proto__" key, when parsed, then it is an own member and the prototype is untouched', () => {
    const value = parseJsonTree('{"__proto__": {"x": 1}}')

    expect(Object.keys(value as object)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(renderJsonTree(value)).toBe('{"__proto__": {"x": 1}}')
  })

  test.each([
    ['', 'a JSON value', 0],
    ['{"a": 1} x', 'the end of the input', 9],
    ['"unterminated', "'\"' to close the string", 13],
    ['"bad \\x escape"', 'an escape', 6],
    ['"\\u12g4"', 'four hex digits', 5],
    ['"tab\there"', 'an escape instead of a control character', 4],
    ['01', 'no leading zero', 1],
    ['-01', 'no leading zero', 2],
    ['+1', 'a JSON value', 0],
    ['1.', 'a digit after the decimal point', 2],
    ['.5', 'a JSON value', 0],
    ['1e', 'a digit in the exponent', 2],
    ['-', 'a digit', 1],
    ['-NaN', 'a digit', 1],
    ['nan', "'null'", 0],
    ['[1, 2', "',' or ']'", 5],
    ['[1,]', 'a JSON value', 3],
    ['{"a" 1}', "':'", 5],
    ['{"a": 1,}', 'a string key in double quotes', 8],
    ["{'a': 1}", 'a string key in double quotes', 1],
    ['{"a": 1 "b": 2}', "',' or '}'", 8],
    ['[1]\n[2]', 'the end of the input', 4],
  ])(
    'given %j, when parsed, then throws E_JSON_SYNTAX expecting %s at char %i',
    (text, expected, position) => {
      const error = syntaxErrorOf(text)

      expect(error?.code).toBe('E_JSON_SYNTAX')
      expect(error?.message).toContain(`expected ${expected}`)
      expect(error?.message).toContain(`(char ${position})`)
    },
  )

  test('given an error on a later line, when parsed, then the message names line and column', () => {
    const error = syntaxErrorOf('{\n    "a": 1,\n    "b": tru\n}')

    expect(error?.message).toBe('Invalid JSON at line 3 column 10 (char 23): expected \'true\', found "t".')
  })

  test('given nesting far deeper than the stack, when parsed, then throws E_JSON_SYNTAX', () => {
    const error = syntaxErrorOf(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)

    expect(error?.code).toBe('E_JSON_SYNTAX')
  })
})

describe('renderJsonTree', () => {
  test.each([
    ['mixed ints and floats', { b: [1, 2n], a: 1n }, '{"a": 1, "b": [1.0, 2]}'],
    ['a 30-digit bigint', 123456789012345678901234567890n, '123456789012345678901234567890'],
    ['a negative bigint beyond 2^53', -1180591620717411303424n, '-1180591620717411303424'],
    ['negative zero', -0, '-0.0'],
    ['NaN', Number.NaN, 'NaN'],
    ['both infinities', [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], '[Infinity, -Infinity]'],
    ['a lone surrogate', '\udc00', '"\\udc00"'],
    ['nested empty containers', { a: [], b: {}, c: [[], [{}]] }, '{"a": [], "b": {}, "c": [[], [{}]]}'],
    [
      'keys b, B, _x, a, Z',
      { b: 1n, B: 2n, _x: 3n, a: 4n, Z: 5n },
      '{"B": 2, "Z": 5, "_x": 3, "a": 4, "b": 1}',
    ],
    ['keys U+1F600 and U+FF01', { '😀': null, '！': true }, '{"\\uff01": true, "\\ud83d\\ude00": null}'],
    ['integer-like keys', { '10': 1n, '9': 2n }, '{"10": 1, "9": 2}'],
    ['literals and a string', [null, true, false, 'x'], '[null, true, false, "x"]'],
  ] as [string, JsonTree, string][])(
    'given %s, when rendered, then writes the expected line',
    (_label, value, expected) => {
      const text = renderJsonTree(value)

      expect(text).toBe(expected)
    },
  )

  test.each([
    '-0.0',
    'NaN',
    'Infinity',
    '-Infinity',
    '"\\udc00"',
    '"\\ud83d"',
    '123456789012345678901234567890',
    '-1180591620717411303424',
    '[[], {}, [[]], {"a": {}}]',
    '{"a": 1, "b": [1.0, 2]}',
  ])('given canonical %s, when parsed and rendered, then gives it back', (line) => {
    const text = renderJsonTree(parseJsonTree(line))

    expect(text).toBe(line)
  })

  test.each([
    ['an undefined element', [undefined], 'undefined'],
    ['an undefined member', { a: undefined }, 'undefined'],
    ['a function member', { f: () => 1 }, 'function'],
  ])('given %s, when rendered, then throws E_DATA_INVALID naming its type', (_label, value, type) => {
    const render = (): string => renderJsonTree(value as unknown as JsonTree)

    expect(render).toThrow(HypergolError)
    expect(render).toThrow(`Cannot write a ${type} value as JSON.`)
  })

  test.each(expectedFiles)(
    'given every line of expected/%s, when parsed and rendered, then gives it back',
    async (name) => {
      const lines = (await Bun.file(join(FIXTURES, 'expected', name)).text()).split('\n')

      const mismatches = lines.filter((line) => line !== '' && renderJsonTree(parseJsonTree(line)) !== line)

      expect(lines.length).toBeGreaterThan(1)
      expect(mismatches).toEqual([])
    },
  )
})

describe('renderJsonTreeIndented', () => {
  test.each([
    ['an empty array', [], '[]'],
    ['an empty object', {}, '{}'],
    ['a bigint', 3n, '3'],
    ['an object holding an empty array', { a: [] }, '{\n    "a": []\n}'],
    ['an array of a float and a non-ASCII string', [1, 'é'], '[\n    1.0,\n    "\\u00e9"\n]'],
    [
      'nested objects and arrays',
      { b: { c: [{}] }, a: null },
      '{\n    "a": null,\n    "b": {\n        "c": [\n            {}\n        ]\n    }\n}',
    ],
  ] as [string, JsonTree, string][])(
    'given %s, when rendered indented, then writes the expected text',
    (_label, value, expected) => {
      const text = renderJsonTreeIndented(value)

      expect(text).toBe(expected)
    },
  )

  test.each(datasetFiles)(
    'given data/%s, when parsed and rendered indented, then gives the identical text',
    async (path) => {
      const text = await Bun.file(join(FIXTURES, 'data', path)).text()

      const rendered = renderJsonTreeIndented(parseJsonTree(text))

      expect(rendered).toBe(text)
    },
  )

  test('given the fixture .def and .chk files, when listed, then all eight are found', () => {
    expect(datasetFiles).toHaveLength(8)
  })
})
