import { describe, expect, test } from 'bun:test'
import { defineCommand } from 'citty'
import { assertKnownArgs } from '../../../src/cli/assert-args.ts'

const run = defineCommand({
  meta: { name: 'run' },
  args: {
    pipeline: { type: 'positional', required: true },
    threads: { type: 'string' },
    onlyTasks: { type: 'string', alias: 'o' },
    rebuild: { type: 'boolean', default: false },
    verify: { type: 'boolean', default: true },
  },
})
const verify = defineCommand({
  meta: { name: 'verify' },
  args: {
    dir: { type: 'positional', required: true },
    quick: { type: 'boolean' },
    threads: { type: 'string' },
  },
})
const main = defineCommand({
  meta: { name: 'hypergol' },
  subCommands: {
    run,
    test: defineCommand({ meta: { name: 'test' } }),
    dataset: defineCommand({ meta: { name: 'dataset' }, subCommands: { verify } }),
  },
})

const failureOf = async (argv: string[]) => {
  try {
    await assertKnownArgs(main, argv)
  } catch (error) {
    return error as Error & { code: string; hint: string }
  }
  throw new Error(`accepted: ${argv.join(' ')}`)
}

describe('assertKnownArgs', () => {
  test.each([
    [['run', 'p.ts']],
    [['run', 'p.ts', '--threads', '2', '--only-tasks', '1,2', '--rebuild']],
    [['run', 'p.ts', '--threads=2', '--onlyTasks=1', '-o', '1']],
    [['run', '--threads', '2', 'p.ts', '--no-verify', '--debug']],
    [['run', 'p.ts', '--', '--anything']],
    [['dataset', 'verify', 'a', 'b', 'c']],
    [['test', '--watch', '--bail', 'x', 'y']],
  ])('given %j, when checked, then accepted', async (argv) => {
    await assertKnownArgs(main, argv)
  })

  test.each([
    [['run', 'p.ts', '--rebuld'], 'hypergol run: unknown flag --rebuld', 'Did you mean --rebuild?'],
    [['run', 'p.ts', '--threds=2'], 'hypergol run: unknown flag --threds', 'Did you mean --threads?'],
    [['run', 'p.ts', '--no-threads'], 'hypergol run: unknown flag --no-threads', '--threads takes a value'],
    [['run', 'p.ts', '--frobnicate'], 'hypergol run: unknown flag --frobnicate', 'Run: hypergol run --help'],
    [['run', 'p.ts', 'q.ts'], "hypergol run: unexpected argument 'q.ts'", 'Run: hypergol run --help'],
    [['dataset', 'verfy', 'a'], "unknown command 'dataset verfy'", "Did you mean 'dataset verify'?"],
    [['rnu'], "unknown command 'rnu'", "Did you mean 'run'?"],
    [['--frob'], 'hypergol: unknown flag --frob', 'Run: hypergol --help'],
    [['--rebuild', 'run', 'p.ts'], "--rebuild must come after 'run'", 'hypergol run <arguments> --rebuild'],
    [
      ['dataset', '--debug-x', 'verify', 'a'],
      'hypergol dataset verify: unknown flag --debug-x',
      'Run: hypergol dataset verify --help',
    ],
  ])('given %j, when checked, then E_USAGE says %s', async (argv, message, hint) => {
    const error = await failureOf(argv)

    expect(error.code).toBe('E_USAGE')
    expect(error.message).toBe(message)
    expect(error.hint).toContain(hint)
  })

  test.each([
    [['--threads', '2', 'run', 'p.ts'], "--threads must come after 'run'"],
    [['--threads=2', 'run', 'p.ts'], "--threads must come after 'run'"],
    [['dataset', '--no-quick', 'verify', 'a'], "--no-quick must come after 'dataset verify'"],
    [['--quick', 'dataset', 'verify', 'a'], "--quick must come after 'dataset verify'"],
  ])(
    'given %j (a flag before the command it belongs to), when checked, then E_USAGE says %s',
    async (argv, message) => {
      const error = await failureOf(argv)

      expect(error.code).toBe('E_USAGE')
      expect(error.message).toBe(message)
    },
  )

  test('given a misplaced flag whose value is not a command, when checked, then the command after it is still found', async () => {
    const error = await failureOf(['dataset', '--threads', '4', 'verify', 'a'])

    expect(error.message).toBe("--threads must come after 'dataset verify'")
  })

  test('given --threads with its value, when checked, then the value is not taken for an argument', async () => {
    await assertKnownArgs(main, ['run', '--threads', 'p.ts', 'q.ts'])

    expect((await failureOf(['run', '--rebuild', 'p.ts', 'q.ts'])).message).toBe(
      "hypergol run: unexpected argument 'q.ts'",
    )
  })
})
