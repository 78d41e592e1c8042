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
import { describeUnhandledRejection } from '../runtime/user-frame.ts'
import { assertKnownArgs, kebabCaseOf } from './assert-args.ts'

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

const findHelpTarget = async (rawArgs: string[]) => {
  // Walk the positional words down the subcommand tree, so `hypergol dataset cat --help` shows cat's help.
  let command = main as Parameters<typeof showUsage>[0]
  let parent: typeof command | undefined
  for (const word of rawArgs) {
    if (word.startsWith('-')) break
    const subCommands = await resolve(command.subCommands)
    const next = subCommands?.[word]
    if (next === undefined) break
    parent = command
    command = (await resolve(next)) as typeof command
  }
  return { command, parent }
}

const resolve = async <T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> =>
  typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value

/**
 * The command with its flags named in kebab-case, as the README and hints spell them (citty's help prints
 * the names the flags are defined with, which are camelCase so that `args.onlyTasks` reads naturally).
 */
const withKebabCaseFlags = async <T extends Parameters<typeof showUsage>[0]>(command: T): Promise<T> => {
  const args = (await resolve(command.args)) ?? {}
  const renamed = Object.fromEntries(Object.entries(args).map(([name, def]) => [kebabCaseOf(name), def]))
  return { ...command, args: renamed }
}

const reportError = (error: unknown, rawArgs: string[], debug: boolean): void => {
  const logger = getLogger()
  if (error instanceof HypergolError) {
    logger.error(`${error.message} [${error.code}]`)
    if (error.hint) logger.info(error.hint)
    if (debug) logger.error(error.stack)
  } else if (isUsageError(error)) {
    const command = rawArgs.filter((arg) => !arg.startsWith('-')).slice(0, 2)
    logger.error(error.message)
    logger.info(`Run: hypergol ${[...command, '--help'].join(' ')}`)
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
    const { command, parent } = await findHelpTarget(rawArgs)
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
    reportError(error, rawArgs, debug)
    return isUsageError(error) ? 2 : exitStatusOf(error)
  }
}

/**
 * Reports a promise that rejected with nobody to catch it, in one line naming the user's file and line
 * (the trace only with `--debug`), and returns the exit status.
 */
export const reportUnhandledRejection = (reason: unknown, argv: string[]): number => {
  const error = new HypergolError('E_TASK_FAILED', describeUnhandledRejection(reason), {
    cause: reason,
    hint: 'Await the promise (or catch its error) in your code; --debug prints the trace.',
  })
  reportError(error, argv, argv.includes('--debug'))
  if (argv.includes('--debug') && reason instanceof Error) getLogger().error(reason.stack)
  return exitStatusOf(error)
}
