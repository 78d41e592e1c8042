/**
 * @module user-frame
 * Where in the user's code an error came from: the first frame of its stack that is a file of theirs, not
 * hypergol's (inside the binary, under `/$bunfs/`) nor Bun's own. Used to report an unhandled promise
 * rejection in one line, `tasks/count.ts:12: message`, with the trace only under `--debug`.
 */
import { relative } from 'node:path'

/** `at f (/path/file.ts:12:5)` or `at /path/file.ts:12:5`: the file and the line. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?$/

/**
 * The user's file and line an error was thrown at (`tasks/count.ts:12`, relative to the working directory
 * when inside it), when its stack names one.
 */
export const userFrameOf = (error: unknown): string | undefined => {
  const stack = error instanceof Error ? error.stack : undefined
  for (const line of stack?.split('\n') ?? []) {
    const match = FRAME.exec(line)
    if (match === null) continue
    const file = (match[1] as string).replace(/^file:\/\//, '')
    if (file.startsWith('/$bunfs/') || file.includes('/node_modules/')) continue
    const shown = relative(process.cwd(), file)
    return `${shown.startsWith('..') ? file : shown}:${match[2]}`
  }
  return undefined
}

/** One line for an unhandled rejection: `unhandled promise rejection at <file:line>: <message>`. */
export const describeUnhandledRejection = (reason: unknown): string => {
  const message = reason instanceof Error ? reason.message : String(reason)
  const where = userFrameOf(reason)
  return `unhandled promise rejection${where === undefined ? '' : ` at ${where}`}: ${message}`
}
