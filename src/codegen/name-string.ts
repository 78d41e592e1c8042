/**
 * @module name-string
 * The name forms of the original's NameString (fixtures/pyhypergol/expected/namestring_vectors.json): a name
 * given in CamelCase or snake_case yields its class, snake, variable and plural forms. Dataset names are the
 * plural snake form, so datasets stay interchangeable with Python projects; file names are kebab-case, as
 * TypeScript projects name them.
 */
import { HypergolError } from '../errors.ts'

/** Every form of one name. */
export interface NameForms {
  /** `HttpServer` */
  asClass: string
  /** `http_server` */
  asSnake: string
  /** `httpServer` */
  asVariable: string
  /** `httpServers` */
  asPluralVariable: string
  /** `http_servers`: dataset names. */
  asPluralSnake: string
  /** `http-server`: file names (`http-server.ts`). */
  asKebab: string
}

const CAMEL = /^[A-Za-z][A-Za-z0-9]*$/
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/

/** CamelCase to snake_case, as the original splits words: `HTTPServer` → `http_server`, `iPhone` → `i_phone`. */
const snakeOfCamel = (name: string): string =>
  name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()

/** Python's `str.title()` on ASCII: a letter after a non-letter is upper case, any other letter lower case. */
const title = (word: string): string => {
  let result = ''
  let afterLetter = false
  for (const char of word) {
    const isLetter = /[A-Za-z]/.test(char)
    result += isLetter ? (afterLetter ? char.toLowerCase() : char.toUpperCase()) : char
    afterLetter = isLetter
  }
  return result
}

const classOfSnake = (snake: string): string => snake.split('_').map(title).join('')

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)

/**
 * The snake form of `name`, which is CamelCase (`MyFirstProject`, `HTTPServer`) or snake_case
 * (`my_first_project`).
 *
 * @param what what the name is, for the message: `class name`, `project name`, …
 * @throws HypergolError E_INVALID_ARGUMENT for anything else.
 */
const snakeOf = (name: string, what: string): string => {
  if (SNAKE.test(name)) return name
  if (CAMEL.test(name)) return snakeOfCamel(name)
  throw new HypergolError(
    'E_INVALID_ARGUMENT',
    `${what} ${JSON.stringify(name)} is neither CamelCase nor snake_case`,
    {
      hint: 'Use letters and digits starting with a letter (MyThing), or lower-case words joined by single underscores (my_thing).',
    },
  )
}

/**
 * Every form of `name`, with an optional irregular plural (`BigCity`, `BigCities`); otherwise the plural
 * adds `es` after a final `s` and `s` after anything else (`Process` → `processes`, `Story` → `storys`), as
 * the original does.
 *
 * @param what what the name is, for messages. @default 'name'
 * @throws HypergolError E_INVALID_ARGUMENT for a name (or plural) that is neither CamelCase nor snake_case.
 */
export const nameForms = (name: string, plural?: string, what = 'name'): NameForms => {
  const asSnake = snakeOf(name, what)
  const asPluralSnake =
    plural === undefined
      ? `${asSnake}${asSnake.endsWith('s') ? 'es' : 's'}`
      : snakeOf(plural, `plural of ${what}`)
  const asClass = classOfSnake(asSnake)
  return {
    asClass,
    asSnake,
    asVariable: lowerFirst(asClass),
    asPluralVariable: lowerFirst(classOfSnake(asPluralSnake)),
    asPluralSnake,
    asKebab: asSnake.replaceAll('_', '-'),
  }
}
