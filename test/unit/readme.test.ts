/**
 * The README's TypeScript examples run as written (with `'hypergol'` mapped to src/index.ts), each in a
 * fresh temp dir; every `// → text` comment is an expected stdout line, in order. Examples never rot.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dir, '..', '..')
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string)
const work = mkdtempSync(join(tmpdir(), 'hypergol-readme-'))

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('README examples', () => {
  test('given the README, when scanned, then it has TypeScript examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3)
  })

  test.each(examples.map((code, index) => [index + 1, code] as const))(
    'given example %i, when run, then it succeeds and prints what its comments say',
    (index, code) => {
      const directory = mkdtempSync(join(work, `example-${index}-`))
      const file = join(directory, 'example.ts')
      writeFileSync(file, code.replaceAll("from 'hypergol'", `from '${join(ROOT, 'src', 'index.ts')}'`))

      const result = Bun.spawnSync(['bun', file], { cwd: directory, stdout: 'pipe', stderr: 'pipe' })

      const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1] ?? '')
      expect(result.stderr.toString()).not.toContain('error')
      expect(result.exitCode).toBe(0)
      expect(result.stdout.toString().trimEnd().split('\n')).toEqual(expected)
    },
  )
})

describe('README file excerpts', () => {
  const excerpts = [...readme.matchAll(/```typescript\n\/\/ (\S+)\n([\s\S]*?)```/g)].map(
    (match) => [match[1] as string, match[2] as string] as const,
  )

  test('given the README, when scanned, then it quotes the example files', () => {
    expect(excerpts.length).toBeGreaterThanOrEqual(2)
  })

  test.each(excerpts)(
    'given the excerpt of %s, when compared, then it is the file as it is',
    (path, code) => {
      expect(code).toBe(readFileSync(join(ROOT, path), 'utf8'))
    },
  )
})
