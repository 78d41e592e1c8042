/**
 * @module json-string
 * JSON strings and keys the way Python's `json.dumps(…, sort_keys=True)` writes them: ASCII-only escaping per
 * UTF-16 unit (FORMAT.md §5.3) and key order by code point (FORMAT.md §5.2).
 */

/** Any UTF-16 unit that is not printable ASCII, or is `"` or `\`: those need an escape. */
const NEEDS_ESCAPE_RE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/

/** Any UTF-16 surrogate unit (no `u` flag, so pairs are seen as two units). */
const SURROGATE_RE = /[\ud800-\udfff]/

/** Escapes of the units below U+0080 (U+007F included); `undefined` for units written as themselves. */
const ASCII_ESCAPES: (string | undefined)[] = Array.from({ length: 0x80 }, (_, code) => {
  switch (code) {
    case 0x22:
      return '\\"'
    case 0x5c:
      return '\\\\'
    case 0x0a:
      return '\\n'
    case 0x0d:
      return '\\r'
    case 0x09:
      return '\\t'
    case 0x08:
      return '\\b'
    case 0x0c:
      return '\\f'
    default:
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : undefined
  }
})

/**
 * Writes a string as a quoted, ASCII-only JSON string exactly as Python's `json.dumps` does (FORMAT.md §5.3):
 * short escapes for `"`, `\`, LF, CR, TAB, BS and FF, `\u` + four lower-case hex digits for other controls,
 * for U+007F and for every unit above it (so astral characters become surrogate pairs and lone surrogates
 * their own escape); `/` and `'` are written as themselves.
 *
 * @param s Any JS string, lone surrogates included.
 * @returns The JSON string token, quotes included.
 * @example
 * renderString('Zoë "q"') // '"Zo\\u00eb \\"q\\""'
 */
export const renderString = (s: string): string => {
  if (!NEEDS_ESCAPE_RE.test(s)) return `"${s}"`
  let text = '"'
  let runStart = 0
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    const replacement = code < 0x80 ? ASCII_ESCAPES[code] : `\\u${code.toString(16).padStart(4, '0')}`
    if (replacement !== undefined) {
      text += s.slice(runStart, i) + replacement
      runStart = i + 1
    }
  }
  return `${text}${s.slice(runStart)}"`
}

/** Whether `code` is a high (leading) surrogate unit. */
const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff

/** Whether `code` is a low (trailing) surrogate unit. */
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff

/**
 * The ordering key of the code point that decides a comparison at unit `i`, when both strings agree on every
 * unit before `i`. A unit that ends a surrogate pair gets a key above every code point: the other string,
 * which shares the high surrogate but does not pair it, has the lone high surrogate (U+D800…U+DBFF) there.
 */
const codePointKeyAt = (s: string, i: number): number => {
  const code = s.charCodeAt(i)
  if (isLow(code) && i > 0 && isHigh(s.charCodeAt(i - 1))) return 0x110000 + code
  if (isHigh(code) && i + 1 < s.length) {
    const next = s.charCodeAt(i + 1)
    if (isLow(next)) return 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
  }
  return code
}

/**
 * Compares two strings the way Python does: by code point, not by UTF-16 unit (FORMAT.md §5.2). It differs
 * from JS's default order only where surrogates are involved, e.g. `'！'` (U+FF01) sorts before `'😀'`
 * (U+1F600). Lone surrogates count as the code point of their own value, as in Python.
 *
 * @returns A negative number when `a` sorts first, a positive one when `b` does, 0 when they are equal.
 */
export const compareCodePoints = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const unitA = a.charCodeAt(i)
    const unitB = b.charCodeAt(i)
    if (unitA !== unitB) {
      if (unitA < 0xd800 && unitB < 0xd800) return unitA - unitB
      return codePointKeyAt(a, i) - codePointKeyAt(b, i)
    }
  }
  // A unit-wise prefix is also a code-point-wise prefix, or ends in a high surrogate that pairs in the longer
  // string (U+D800…U+DBFF < U+10000…): either way the shorter string sorts first.
  return a.length - b.length
}

/**
 * Sorts object keys in place by code point, the order of Python's `sort_keys=True` (FORMAT.md §5.2). Keys
 * without surrogates use the engine's default sort, whose UTF-16 order equals code point order for them.
 *
 * @param keys The keys; this array is sorted and returned.
 * @returns The same array.
 */
export const sortKeys = (keys: string[]): string[] => {
  for (const key of keys) {
    if (SURROGATE_RE.test(key)) return keys.sort(compareCodePoints)
  }
  return keys.sort()
}
