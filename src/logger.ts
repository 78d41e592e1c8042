/**
 * @module logger
 * The one consola instance. Everything for people goes to stderr, so stdout stays clean for data
 * (consola's default writes info to stdout, STACK.md §12). Created lazily: no side effects at import time.
 */
import { type ConsolaInstance, createConsola, LogLevels } from 'consola'

let instance: ConsolaInstance | undefined

/** The shared logger, writing to stderr, tagged `hypergol`. */
export const getLogger = (): ConsolaInstance => {
  // An explicit level: consola would otherwise drop to warnings whenever NODE_ENV=test (as under bun test),
  // hiding the hints that tell users what to do next.
  instance ??= createConsola({
    level: LogLevels.info,
    stdout: process.stderr,
    stderr: process.stderr,
  }).withTag('hypergol')
  return instance
}

/** Sets how much the shared logger prints: `silent`, `error`, `warn`, `info` (default), `debug`. */
export const setLogLevel = (level: keyof typeof LogLevels): void => {
  getLogger().level = LogLevels[level]
}
