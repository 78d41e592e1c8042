import { describe, expect, test } from 'bun:test'

import { compareCodePoints, renderString, sortKeys } from '../../../src/data/json-string.ts'

/** Python's order, spelled out: compare the arrays of code points (lone surrogates count as themselves). */
const compareByCodePointArrays = (a: string, b: string): number => {
  const pointsA = Array.from(a, (c) => c.codePointAt(0) ?? 0)
  const pointsB = Array.from(b, (c) => c.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(pointsA.length, pointsB.length); i++) {
    const difference = (pointsA[i] ?? 0) - (pointsB[i] ?? 0)
    if (difference !== 0) return difference
  }
  return pointsA.length - pointsB.length
}

describe('renderString', () => {
  test.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['"', '"\\""'],
    ['\\', '"\\\\"'],
    ['\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['\u0000\u0001\u001f', '"\\u0000\\u0001\\u001f"'],
    ['\u001b', '"\\u001b"'],
    ['\u007f', '"\\u007f"'],
    ["/'~ ", `"/'~ "`],
    ['é', '"\\u00e9"'],
    ['☃', '"\\u2603"'],
    ['😀', '"\\ud83d\\ude00"'],
    ['\uffff', '"\\uffff"'],
    ['\udc00', '"\\udc00"'],
    ['\ud800', '"\\ud800"'],
    ['a\ud800b', '"a\\ud800b"'],
    ['\ude00\ud83d', '"\\ude00\\ud83d"'],
    ['emoji 😀 tab\t newline\n 0', '"emoji \\ud83d\\ude00 tab\\t newline\\n 0"'],
    ['Zoë ☃ “quoted” "q" \\ 97', '"Zo\\u00eb \\u2603 \\u201cquoted\\u201d \\"q\\" \\\\ 97"'],
    ["café ½ \u001b\u007f/'Ω🚀", `"caf\\u00e9 \\u00bd \\u001b\\u007f/'\\u03a9\\ud83d\\ude80"`],
  ])('given %j, when rendered, then writes %s', (input, expected) => {
    const text = renderString(input)

    expect(text).toBe(expected)
  })

  test('given every single UTF-16 unit, when rendered, then the output is ASCII and JSON.parse reads it back', () => {
    const failures: number[] = []

    for (let code = 0; code <= 0xffff; code++) {
      const input = `a${String.fromCharCode(code)}z`
      const text = renderString(input)
      if (!/^[\x20-\x7e]*$/.test(text) || JSON.parse(text) !== input) failures.push(code)
    }

    expect(failures).toEqual([])
  })

  test('given printable ASCII without quotes or backslashes, when rendered, then JSON.stringify agrees', () => {
    const input = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i))
      .filter((c) => c !== '"' && c !== '\\')
      .join('')

    const text = renderString(input)

    expect(text).toBe(JSON.stringify(input))
  })
})

describe('compareCodePoints', () => {
  test.each([
    ['！', '😀', -1],
    ['😀', '！', 1],
    ['a', 'b', -1],
    ['B', '_x', -1],
    ['', 'a', -1],
    ['abc', 'abc', 0],
    ['ab', 'abc', -1],
    ['\ud800', '\ud800\udc00', -1],
    ['\udc00', '\ud800\udc00', -1],
    ['\ud800\udc00', '\ud800\ue000', 1],
    ['\ud800\udc00', '\ud800A', 1],
    ['\ud800\udbff', '\ud800\udc00', -1],
    ['\uffff', '\ud800\udc00', -1],
    ['\ud7ff', '\ud800', -1],
    ['\ud83d\ude00', '\ud83d\ude01', -1],
  ] as const)('given %j and %j, when compared, then the sign is %i', (a, b, sign) => {
    const result = compareCodePoints(a, b)

    expect(Math.sign(result)).toBe(sign)
  })

  test('given random strings over tricky units, when compared, then agrees with comparing code point arrays', () => {
    const alphabet = [
      'a',
      'Z',
      '\ud7ff',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\ue000',
      '\uffff',
      '😀',
      '\ud83d',
    ]
    let seed = 12345
    const pick = (): string => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return alphabet[seed % alphabet.length] ?? ''
    }
    const strings = Array.from({ length: 400 }, () => Array.from({ length: (seed % 4) + 1 }, pick).join(''))

    const mismatches: string[] = []
    for (const a of strings) {
      for (const b of strings) {
        if (Math.sign(compareCodePoints(a, b)) !== Math.sign(compareByCodePointArrays(a, b))) {
          mismatches.push(`${renderString(a)} vs ${renderString(b)}`)
        }
      }
    }

    expect(mismatches.slice(0, 10)).toEqual([])
  })
})

describe('sortKeys', () => {
  test.each([
    [
      ['b', 'B', '_x', 'a', 'Z'],
      ['B', 'Z', '_x', 'a', 'b'],
    ],
    [
      ['😀', '！'],
      ['！', '😀'],
    ],
    [
      ['value', 'tags', 'recordId', 'name', 'mainLabel', 'labels', 'day', 'createdAt', 'counts'],
      ['counts', 'createdAt', 'day', 'labels', 'mainLabel', 'name', 'recordId', 'tags', 'value'],
    ],
    [
      ['records_0.jsonl.gz', 'records.def', 'records_a.jsonl.gz'],
      ['records.def', 'records_0.jsonl.gz', 'records_a.jsonl.gz'],
    ],
    [
      ['10', '9', '1'],
      ['1', '10', '9'],
    ],
    [[], []],
  ])('given keys %j, when sorted, then the order is %j', (keys, expected) => {
    const sorted = sortKeys(keys)

    expect(sorted).toEqual(expected)
    expect(sorted).toBe(keys)
  })
})
