/**
 * @module identifier
 * Variable names for generated code: a name form (`sentence`, `classes`) that is a JavaScript reserved word
 * gets a suffix, and repeated names are numbered (`sentence1`, `sentence2`).
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await arguments eval'
  ).split(' '),
)

/** `name`, or `nameValue` when it is a reserved word. */
const safeIdentifier = (name: string): string => (RESERVED.has(name) ? `${name}Value` : name)

/** Safe identifiers for `names`, numbering those that repeat: `[a, b, a]` → `[a1, b, a2]`. */
export const distinctIdentifiers = (names: readonly string[]): string[] => {
  const safe = names.map(safeIdentifier)
  const seen = new Map<string, number>()
  return safe.map((name) => {
    if (safe.filter((other) => other === name).length === 1) return name
    const count = (seen.get(name) ?? 0) + 1
    seen.set(name, count)
    return `${name}${count}`
  })
}
