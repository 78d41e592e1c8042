/**
 * Golden files for the generators: `test/golden/<name>` holds the exact expected output. Run the tests with
 * `UPDATE_GOLDEN=1` to rewrite them after a deliberate change, then review the diff.
 */
import { expect } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const GOLDEN = join(import.meta.dir, '..', 'golden')

/** Asserts that `content` equals the golden file `name` (or writes it under UPDATE_GOLDEN=1). */
export const expectGolden = (name: string, content: string): void => {
  const path = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
    return
  }
  if (!existsSync(path))
    throw new Error(`no golden file ${path}; run the tests with UPDATE_GOLDEN=1 to create it`)
  expect(content).toBe(readFileSync(path, 'utf8'))
}
