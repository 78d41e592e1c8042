/**
 * @module run-cli
 * Runs one command line and returns the exit status. citty parses; errors are mapped here: a
 * `HypergolError` prints its message and hint without a stack, a usage error adds a `--help` hint, anything
 * else is a bug and prints its stack. `--debug` anywhere prints stacks for every error.
 */
import { defineCommand, runCommand, showUsage } from 'citty'
import pkg from '../../package.json' with { type: 'json' }
import { exitStatusOf, HypergolError } from '../errors.ts'
import { getLogger, setLogLevel } from '../logger.ts'
import { asHypergolError } from '../os-error.ts'
import { describeUnhandledRejection, userFrameOf } from '../runtime/user-frame.ts'
import { assertKnownArgs, kebabCaseOf } from './assert-args.ts'
import { resolveValue, walkCommandTree } from './command-tree.ts'

/** The hypergol version, as built into the binary. */
const VERSION: string = pkg.version

const main = defineCommand({
  meta: {
    name: 'hypergol',
    version: VERSION,
    description: 'Typed ML pipelines over Python-Hypergol-compatible datasets, in one binary',
  },
  subCommands: {
    create: () => import('./create.ts').then((m) => m.default),
    dataset: () => import('./dataset.ts').then((m) => m.default),
    new: () => import('./new.ts').then((m) => m.default),
    run: () => import('./run.ts').then((m) => m.default),
    train: () => import('./train.ts').then((m) => m.default),
    serve: () => import('./serve.ts').then((m) => m.default),
    test: () => import('./test.ts').then((m) => m.default),
    check: () => import('./check.ts').then((m) => m.default),
    types: () => import('./types.ts').then((m) => m.default),
  },
})

const isUsageError = (error: unknown): error is Error => error instanceof Error && error.name === 'CLIError'

/**
 * The command with its flags named in kebab-case, as the README and hints spell them (citty's help prints
 * the names the flags are defined with, which are camelCase so that `args.onlyTasks` reads naturally).
 */
const withKebabCaseFlags = async <T extends Parameters<typeof showUsage>[0]>(command: T): Promise<T> => {
  const args = (await resolveValue(command.args)) ?? {}
  const renamed = Object.fromEntries(Object.entries(args).map(([name, def]) => [kebabCaseOf(name), def]))
  return { ...command, args: renamed }
}

/** Reports `error`; `commandPath` (the words naming the command run) for a usage error's help hint. */
const reportError = (error: unknown, commandPath: string[], debug: boolean): void => {
  const logger = getLogger()
  if (error instanceof HypergolError) {
    logger.error(`${error.message} [${error.code}]`)
    if (error.hint) logger.info(error.hint)
    if (debug) logger.error(error.stack)
  } else if (isUsageError(error)) {
    logger.error(error.message)
    logger.info(`Run: hypergol ${[...commandPath, '--help'].join(' ')}`)
  } else {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    logger.error('This is a bug in hypergol; please report it with the command you ran.')
  }
}

/**
 * Runs the hypergol command line `argv` (without the program name).
 *
 * @returns the exit status: 0 on success, the error code's status otherwise (STYLE.md §21).
 */
export const runCli = async (argv: string[]): Promise<number> => {
  const debug = argv.includes('--debug')
  const rawArgs = argv.filter((arg) => arg !== '--debug')
  if (debug) setLogLevel('debug')
  if (rawArgs.length === 1 && (rawArgs[0] === '--version' || rawArgs[0] === '-v')) {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  if (rawArgs.length === 0 || rawArgs.includes('--help') || rawArgs.includes('-h')) {
    // The command the words name, so that `hypergol dataset cat --help` shows cat's help.
    const { command, parent } = await walkCommandTree(main, rawArgs)
    await showUsage(await withKebabCaseFlags(command), parent)
    return 0
  }
  try {
    await assertKnownArgs(main, rawArgs)
    await runCommand(main, { rawArgs })
    return 0
  } catch (thrown) {
    // An OS error no code wrapped still gets one line naming its path and cause.
    const error = asHypergolError(thrown)
    const commandPath = isUsageError(error) ? (await walkCommandTree(main, rawArgs)).path : []
    reportError(error, commandPath, debug)
    return isUsageError(error) ? 2 : exitStatusOf(error)
  }
}

/**
 * Reports a promise that rejected with nobody to catch it, in one line naming the user's file and line
 * (its trace only with `--debug`), and returns the exit status. An error of ours whose trace holds no frame
 * of user code came from hypergol itself: a bug, reported as such with its trace.
 */
export const reportUnhandledRejection = (reason: unknown, argv: string[]): number => {
  const logger = getLogger()
  if (reason instanceof Error && !(reason instanceof HypergolError) && userFrameOf(reason) === undefined) {
    logger.error(
      `unhandled promise rejection inside hypergol: ${reason.message}. This is a bug in hypergol; please report it with the command you ran and this trace.`,
    )
    logger.error(reason.stack ?? String(reason))
    return 1
  }
  const error = new HypergolError('E_TASK_FAILED', describeUnhandledRejection(reason), {
    cause: reason,
    hint: 'Await the promise (or catch its error) in your code; --debug prints the trace.',
  })
  // The trace worth reading is the rejection's, not that of the error made here to report it.
  reportError(error, [], false)
  if (argv.includes('--debug') && reason instanceof Error) logger.error(reason.stack)
  return exitStatusOf(error)
}
