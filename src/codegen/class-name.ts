/**
 * @module class-name
 * Class names a project may define: CamelCase or snake_case (see `name-string.ts`), and not a name that
 * generated code imports from hypergol or relies on as a JavaScript global.
 */

import { HypergolError } from '../errors.ts'
import * as api from '../index.ts'
import { type NameForms, nameForms } from './name-string.ts'

const TAKEN = new Set([
  ...Object.keys(api),
  ...['Array', 'Boolean', 'Date', 'Error', 'Map', 'Number', 'Object', 'Promise', 'Set', 'String', 'Symbol'],
])

/**
 * The forms of class name `input`.
 *
 * @throws HypergolError E_INVALID_ARGUMENT for a malformed name or one that generated code needs.
 */
export const classNameForms = (input: string, plural?: string): NameForms => {
  const forms = nameForms(input, plural, 'class name')
  if (TAKEN.has(forms.asClass)) {
    throw new HypergolError(
      'E_INVALID_ARGUMENT',
      `class name ${forms.asClass} is taken: generated code imports it from hypergol or uses it as a JavaScript global`,
      { hint: `Choose another name, e.g. My${forms.asClass}.` },
    )
  }
  return forms
}
