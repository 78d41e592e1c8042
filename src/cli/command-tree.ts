/**
 * @module command-tree
 * Which command of citty's tree a command line names: its words walked down the subcommands, past flags
 * wherever they stand. Shared by the argument check (`assert-args.ts`) and help (`run-cli.ts`), so that
 * both read a command line the same way.
 */
import type { ArgsDef, CommandDef } from 'citty'

/** Any citty command, whatever its flags. */
export type AnyCommand = CommandDef<ArgsDef>

/** A value citty lets be given as is, as a promise, or as a function returning either (lazy commands). */
export const resolveValue = async <T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> =>
  typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value

/** Where a command line's words lead in the command tree. */
export interface CommandWalk {
  /** The deepest command the words name. */
  command: AnyCommand
  /** The command above it (for help's usage line), `undefined` for the top one. */
  parent: AnyCommand | undefined
  /** The words that named it: `['dataset', 'list']`. */
  path: string[]
  /** The indices in the command line of the words in {@link path}. */
  used: Set<number>
  /** A word where a subcommand was expected that names none, with the subcommands there. */
  unknown?: { word: string; subCommands: string[] }
}

const isFlag = (word: string): boolean => word.startsWith('-') && word !== '-'

/**
 * Walks `rawArgs` down the tree under `main`: each word that is not a flag names a subcommand, until a
 * command with no subcommands (its own arguments follow) or a word that names none (then `unknown`).
 */
export const walkCommandTree = async (main: AnyCommand, rawArgs: string[]): Promise<CommandWalk> => {
  let command = main
  let parent: AnyCommand | undefined
  const path: string[] = []
  const used = new Set<number>()
  for (const [index, word] of rawArgs.entries()) {
    if (word === '--') break
    if (isFlag(word)) continue
    const subCommands = await resolveValue(command.subCommands)
    if (subCommands === undefined) break
    const next = subCommands[word]
    if (next === undefined) {
      // `create --cwd x data-model`: a word after a flag that stands before the command may be that flag's
      // value; the command it belongs to is the next word, if that one names a command.
      const previous = rawArgs[index - 1]
      const following = rawArgs.slice(index + 1).find((later) => !isFlag(later))
      const isFlagValue = previous !== undefined && isFlag(previous) && !previous.includes('=')
      if (isFlagValue && following !== undefined && following in subCommands) continue
      return { command, parent, path, used, unknown: { word, subCommands: Object.keys(subCommands) } }
    }
    parent = command
    command = (await resolveValue(next)) as AnyCommand
    path.push(word)
    used.add(index)
  }
  return { command, parent, path, used }
}
