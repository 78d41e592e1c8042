/**
 * @module imports
 * Import lines of generated files, one per class, sorted by path as Biome and most editors sort them.
 */

/** One imported class. */
export interface ClassImport {
  name: string
  /** The module specifier, e.g. `../data-models/label.ts`. */
  from: string
  /** Only used as a type (`import type`). @default false */
  typeOnly?: boolean
}

/** The import lines for `imports`, each ended by a newline; `''` for none. */
export const renderImports = (imports: readonly ClassImport[]): string =>
  [...imports]
    // Without the extension, as Biome compares them: `./tagger.ts` before `./tagger-batch-processor.ts`.
    .sort((a, b) => a.from.replace(/\.ts$/, '').localeCompare(b.from.replace(/\.ts$/, '')))
    .map(({ name, from, typeOnly }) => `import ${typeOnly ? 'type ' : ''}{ ${name} } from '${from}'\n`)
    .join('')
