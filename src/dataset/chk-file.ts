/**
 * @module chk-file
 * The `.chk` file (FORMAT.md §9): SHA-1 of the `.def` and of every chunk's uncompressed content, in the
 * `.def` layout. The dataset checksum is the SHA-1 of the file's bytes.
 */
import { parseJsonTree, renderJsonTreeIndented } from '../data/json-tree.ts'
import { HypergolError } from '../errors.ts'

/** File name → 40-hex SHA-1. */
export type ChkEntries = Record<string, string>

const SHA1_RE = /^[0-9a-f]{40}$/

/** The `.chk` text: sorted keys, indent 4, no trailing newline. */
export const renderChkFile = (entries: ChkEntries): string => renderJsonTreeIndented(entries)

/**
 * Parses a `.chk` file.
 *
 * @throws HypergolError E_CHK_INVALID naming the file when it is not a flat object of SHA-1 strings.
 */
export const parseChkFile = (text: string, path: string): ChkEntries => {
  let tree: unknown
  try {
    tree = parseJsonTree(text)
  } catch (error) {
    throw new HypergolError('E_CHK_INVALID', `${path} is not valid JSON`, { cause: error })
  }
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
    throw new HypergolError('E_CHK_INVALID', `${path} must hold a JSON object of file name → SHA-1`)
  }
  const entries: ChkEntries = {}
  for (const [file, sha1] of Object.entries(tree)) {
    if (typeof sha1 !== 'string' || !SHA1_RE.test(sha1)) {
      throw new HypergolError('E_CHK_INVALID', `${path}: entry ${file} is not a 40-hex SHA-1`)
    }
    entries[file] = sha1
  }
  return entries
}

/** SHA-1 of some bytes or text, as 40 lower-case hex digits. */
export const sha1Hex = (data: string | Uint8Array): string =>
  new Bun.CryptoHasher('sha1').update(data).digest('hex')
