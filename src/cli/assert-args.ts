/**
 * @module assert-args
 * citty accepts any flag and any number of arguments and hands on what it knows, so a typo such as
 * `--rebuld` would run the command without it. Before a command runs, every flag is checked against the
 * command's own (in kebab-case, camelCase, as an alias, or as `--no-…` for a boolean) and must stand after
 * the command's name (citty drops what comes before it), and arguments beyond those it declares are refused
 * unless it takes a list; a wrong one is E_USAGE with the nearest right one.
 */
import type { ArgDef, ArgsDef } from 'citty'
import { HypergolError } from '../errors.ts'
import { type AnyCommand, resolveValue, walkCommandTree } from './command-tree.ts'

/** Commands whose words are handed to another tool as they are (`bun test`, `bun check`). */
const PASS_THROUGH = new Set(['test', 'check'])

/** Commands that take any number of arguments after their declared ones. */
const VARIADIC = new Set([
  'create data-model',
  'create task',
  'create pipeline',
  'create model',
  'dataset verify',
])

/** Flags every command takes (`--debug` is taken out before parsing; help is answered before it). */
const GLOBAL_FLAGS = new Set(['debug', 'help', 'h'])

/** `onlyTasks` → `only-tasks`. */
export const kebabCaseOf = (name: string): string =>
  name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

const camelCaseOf = (name: string): string =>
  name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())

/** Every spelling of every flag of a command, with its definition. */
const spellingsOf = (args: ArgsDef): Map<string, ArgDef> => {
  const spellings = new Map<string, ArgDef>()
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue
    const alias = 'alias' in def ? (def.alias as string | string[] | undefined) : undefined
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]
    for (const spelling of [kebabCaseOf(name), camelCaseOf(name), ...aliases]) {
      spellings.set(spelling, def)
      if (def.type === 'boolean') spellings.set(`no-${spelling}`, def)
    }
  }
  return spellings
}

/** Edit distance between two short strings (insertions, deletions, substitutions). */
const distanceOf = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] as number
}

/** The known name nearest to `word` (a flag, a command), when one is near enough to be what was meant. */
const nearestOf = (word: string, known: Iterable<string>): string | undefined => {
  let best: { name: string; distance: number } | undefined
  for (const name of known) {
    if (name.length === 1) continue
    const distance = name.startsWith(word) || word.startsWith(name) ? 1 : distanceOf(word, name)
    if (
      distance <= Math.max(2, Math.floor(name.length / 3)) &&
      (best === undefined || distance < best.distance)
    )
      best = { name, distance }
  }
  return best?.name
}

/**
 * Refuses a flag the command does not have, a flag placed before the command's name (citty hands a command
 * only what follows its name, so it would be dropped), and an argument the command does not take.
 *
 * @throws HypergolError E_USAGE naming the command, flag or argument, with the nearest known one as a hint.
 */
export const assertKnownArgs = async (main: AnyCommand, rawArgs: string[]): Promise<void> => {
  const { command, path, used, unknown } = await walkCommandTree(main, rawArgs)
  if (unknown !== undefined) {
    const nearest = nearestOf(unknown.word, unknown.subCommands)
    throw new HypergolError('E_USAGE', `unknown command '${[...path, unknown.word].join(' ')}'`, {
      hint: `${nearest === undefined ? '' : `Did you mean '${[...path, nearest].join(' ')}'? `}Commands here: ${unknown.subCommands.join(', ')}. Run: hypergol ${[...path, '--help'].join(' ')}`,
    })
  }
  const name = path.join(' ')
  if (PASS_THROUGH.has(name)) return
  const label = ['hypergol', ...path].join(' ')
  const lastCommandWord = Math.max(-1, ...used)
  const args = (await resolveValue(command.args)) ?? {}
  const spellings = spellingsOf(args)
  const declared = Object.values(args).filter((def) => def.type === 'positional').length
  const help = `Run: hypergol ${[...path, '--help'].join(' ')}`
  let positionals = 0
  for (let index = 0; index < rawArgs.length; index++) {
    if (used.has(index)) continue
    const token = rawArgs[index] as string
    if (token === '--') break
    if (!token.startsWith('-') || token === '-') {
      if (index < lastCommandWord) continue // the value of a misplaced flag, refused below
      positionals++
      if (
        positionals > declared &&
        !VARIADIC.has(name) &&
        (await resolveValue(command.subCommands)) === undefined
      ) {
        throw new HypergolError('E_USAGE', `${label}: unexpected argument '${token}'`, { hint: help })
      }
      continue
    }
    const [flag = '', value] = token.replace(/^--?/, '').split(/=(.*)/s)
    if (GLOBAL_FLAGS.has(flag)) continue
    const def = spellings.get(flag)
    if (def === undefined) {
      const negated = flag.startsWith('no-') ? flag.slice(3) : undefined
      const nearest = nearestOf(flag, spellings.keys())
      const hint =
        negated !== undefined && spellings.has(negated)
          ? `--${negated} takes a value: only on/off flags have a --no- form. ${help}`
          : nearest === undefined
            ? help
            : `Did you mean --${nearest}? ${help}`
      throw new HypergolError('E_USAGE', `${label}: unknown flag ${token.split('=')[0]}`, { hint })
    }
    if (index < lastCommandWord) {
      const written = token.split('=')[0] as string
      throw new HypergolError('E_USAGE', `${written} must come after '${name}'`, {
        hint: `A command sees only the flags after its name. Write: hypergol ${name} <arguments> ${token}${def.type !== 'boolean' && value === undefined ? ' <value>' : ''}`,
      })
    }
    // A flag that takes a value takes the next word unless it came with `=`.
    if (def.type !== 'boolean' && value === undefined) index++
  }
}
