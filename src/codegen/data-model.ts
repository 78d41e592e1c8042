/**
 * @module data-model
 * `hypergol create data-model`: the class file (`data-models/<name>.ts`) and its test
 * (`tests/data-models/<name>.test.ts`). The test builds an example with a literal value per member (a
 * nested class's example comes from `exampleOf`, so it keeps passing as that class changes) and runs the
 * self-checks; the hash id check only when the class has id members, since a class without them has no
 * hash id unless `getHashId()` is written.
 */

import { basename } from 'node:path'
import testTemplate from '../../templates/data-model.test.ts.tmpl' with { type: 'text' }
import template from '../../templates/data-model.ts.tmpl' with { type: 'text' }
import { EXAMPLE_TEXT } from '../data/example-of.ts'
import { classesOf, type MemberSpec, type MemberType } from './field-types.ts'
import { renderImports } from './imports.ts'
import { nameForms } from './name-string.ts'
import { PROJECT_DIRS } from './project.ts'
import { renderTemplate } from './render-template.ts'
import type { GeneratedFile } from './write-files.ts'

const specOf = (type: MemberType, id: boolean): string => {
  switch (type.kind) {
    case 'builtin':
      return id ? `field.${type.name}({ id: true })` : `field.${type.name}()`
    case 'class':
      return `field.data(${type.name})`
    case 'list':
      return `field.list(${specOf(type.item, false)})`
    case 'optional':
      return `field.optional(${specOf(type.item, false)})`
  }
}

/** The hypergol names an example value needs. */
const needsOf = (type: MemberType): string[] => {
  if (type.kind === 'class') return ['exampleOf']
  if (type.kind === 'list' || type.kind === 'optional') return needsOf(type.item)
  const temporal = { datetime: 'DateTime', date: 'CalendarDate', time: 'TimeOfDay' } as const
  return type.name in temporal ? [temporal[type.name as keyof typeof temporal]] : []
}

const exampleValueOf = (type: MemberType, name: string): string => {
  switch (type.kind) {
    case 'class':
      return `exampleOf(${type.name})`
    case 'list':
      return `[${exampleValueOf(type.item, name)}]`
    case 'optional':
      return exampleValueOf(type.item, name)
    case 'builtin':
      switch (type.name) {
        case 'str':
          return `'${name}'`
        case 'datetime':
          return `DateTime.parse('${EXAMPLE_TEXT.datetime}')`
        case 'date':
          return `CalendarDate.parse('${EXAMPLE_TEXT.date}')`
        case 'time':
          return `TimeOfDay.parse('${EXAMPLE_TEXT.time}')`
        case 'object':
          return `'${EXAMPLE_TEXT.object}'`
        default:
          return EXAMPLE_TEXT[type.name]
      }
  }
}

/** Sorted without regard to case, as Biome and most editors sort imported names. */
const unique = (names: string[]): string[] =>
  [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))

/**
 * The files of data class `className` with `members`.
 *
 * @param classFiles the project's data classes and their files (relative to the root), for imports.
 */
export const generateDataModel = (
  className: string,
  members: readonly MemberSpec[],
  classFiles: ReadonlyMap<string, string>,
): GeneratedFile[] => {
  const kebab = nameForms(className, undefined, 'class name').asKebab
  const nested = unique(members.flatMap((member) => classesOf(member.type)))
  // Nested classes are classes of the project (the member grammar accepts no others).
  const fileOf = (name: string): string => basename(classFiles.get(name) as string)
  const source = renderTemplate('data-model.ts', template, {
    className,
    imports: renderImports(nested.map((name) => ({ name, from: `./${fileOf(name)}` }))),
    members: members.map((member) => `  ${member.name}: ${specOf(member.type, member.id)},`).join('\n'),
  })
  const hypergolNames = unique(members.flatMap((member) => needsOf(member.type)))
  const testImports =
    (hypergolNames.length > 0 ? `import { ${hypergolNames.join(', ')} } from 'hypergol'\n` : '') +
    renderImports(
      [...nested, className].map((name) => ({
        name,
        from: `../../${PROJECT_DIRS.dataModels}/${name === className ? `${kebab}.ts` : fileOf(name)}`,
      })),
    )
  const hasId = members.some((member) => member.id)
  const testSource = renderTemplate('data-model.test.ts', testTemplate, {
    className,
    imports: testImports,
    values: members
      .map((member) => `  ${member.name}: ${exampleValueOf(member.type, member.name)},`)
      .join('\n'),
    hashIdTest: hasId
      ? `  test('its hash id is valid and survives a round trip', () => {\n    expect(example.testGetHashId()).toBe(true)\n  })\n\n`
      : '',
  })
  return [
    { path: `${PROJECT_DIRS.dataModels}/${kebab}.ts`, content: source },
    { path: `${PROJECT_DIRS.tests}/${PROJECT_DIRS.dataModels}/${kebab}.test.ts`, content: testSource },
  ]
}
