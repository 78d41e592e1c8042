/**
 * @module logger
 * The one consola instance. Everything for people goes to stderr, so stdout stays clean for data
 * (consola's default writes info to stdout, STACK.md §12). Created lazily: no side effects at import time.
 */
import type { ConsolaInstance, LogLevels as ConsolaLogLevels } from 'consola'

/**
 * consola itself, loaded at the first log rather than at start-up: evaluating it takes about 13 ms (it
 * loads node:tty, node:util and its prompts), which every pipeline Worker would pay before its first job
 * although Workers never log.
 */
const consola = (): typeof import('consola') => require('consola')

let instance: ConsolaInstance | undefined

/** The shared logger, writing to stderr, tagged `hypergol`. */
export const getLogger = (): ConsolaInstance => {
  if (instance === undefined) {
    const { createConsola, LogLevels } = consola()
    // An explicit level: consola would otherwise drop to warnings whenever NODE_ENV=test (as under bun
    // test), hiding the hints that tell users what to do next.
    instance = createConsola({
      level: LogLevels.info,
      stdout: process.stderr,
      stderr: process.stderr,
    }).withTag('hypergol')
  }
  return instance
}

/** Sets how much the shared logger prints: `silent`, `error`, `warn`, `info` (default), `debug`. */
export const setLogLevel = (level: keyof typeof ConsolaLogLevels): void => {
  getLogger().level = consola().LogLevels[level]
}
