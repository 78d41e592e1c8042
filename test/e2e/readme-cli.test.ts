/**
 * Every `hypergol …` command shown in the README's shell examples runs with the compiled binary from the
 * repository root and succeeds.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'

const ROOT = join(import.meta.dir, '..', '..')
const blocks = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)]
const commands = blocks
  .flatMap((match) => (match[1] as string).split('\n'))
  .filter((line) => line.startsWith('hypergol '))
  .map((line) => line.split('#')[0]?.trim().split(/\s+/).slice(1) ?? [])

beforeAll(() => {
  getBinary()
}, 60_000)

describe('README command-line examples', () => {
  test('given the README, when scanned, then it shows hypergol commands', () => {
    expect(commands.length).toBeGreaterThanOrEqual(4)
  })

  test.each(commands.map((args) => [args.join(' '), args] as const))(
    'given `hypergol %s`, when run, then it succeeds with output',
    (_, args) => {
      const result = runBinary(args, { cwd: ROOT })

      expect(result.exitCode).toBe(0)
      expect(result.stdout.length).toBeGreaterThan(0)
    },
  )
})
