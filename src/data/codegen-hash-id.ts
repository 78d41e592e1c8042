/**
 * @module codegen-hash-id
 * The routing text of the default hash id (FORMAT.md §3), read straight from the id members by a function
 * generated per field map, instead of building the `getHashId()` tuple and walking it for every object.
 */
import { CodeBuilder, canCompile } from './codegen.ts'
import type { FieldMap } from './field.ts'

/** The hash id text of an object, or `undefined` when `renderHashIdText(getHashId())` must decide. */
export type ReadIdText = (object: object) => string | undefined

const readers = new WeakMap<FieldMap, ReadIdText | null>()

/**
 * The generated reader of the text `renderHashIdText` makes of the default `getHashId()`: the id members in
 * declaration order, as Python's `str()` writes them, with no separator. It covers well-formed strings,
 * safe integers and bigints; for any other value it returns `undefined` and the caller goes the general
 * way, which gives the same text or the error. `undefined` for a class without id members (its default
 * `getHashId()` throws) or one that cannot be compiled.
 */
export const idTextReaderOf = (fields: FieldMap): ReadIdText | undefined => {
  let read = readers.get(fields)
  if (read === undefined) {
    read = compileIdTextReader(fields)
    readers.set(fields, read)
  }
  return read ?? undefined
}

const compileIdTextReader = (fields: FieldMap): ReadIdText | null => {
  const ids = Object.keys(fields).filter((name) => fields[name]?.id)
  if (ids.length === 0 || !canCompile(fields)) return null
  const code = new CodeBuilder()
  code.line("let text = ''")
  for (const name of ids) {
    const value = code.local('v')
    code.line(`const ${value} = object.${name}`)
    code.line(`if (typeof ${value} === 'string') {`)
    // A lone surrogate cannot be encoded: the general path rejects it with its message.
    code.line(`if (!${value}.isWellFormed()) return undefined`)
    code.line('} else if (')
    code.line(
      `!(typeof ${value} === 'number' && Number.isSafeInteger(${value})) && typeof ${value} !== 'bigint'`,
    )
    code.line(') return undefined')
    // Safe integers and bigints concatenate as their exact decimal digits, as String() writes them.
    code.line(`text += ${value}`)
  }
  code.line('return text')
  return code.compile<ReadIdText>('readIdText', ['object'])
}
