/**
 * @module data-model
 * `hypergol create data-model`: the class file (`data-models/<name>.ts`) and its test
 * (`tests/data-models/<name>.test.ts`). The test builds an example with a literal value per member (a
 * nested class's example comes from `exampleOf`, so it keeps passing as that class changes) and runs the
 * self-checks; the hash id check only when the class has id members, since a class without them has no
 * hash id unless `getHashId()` is written.
 */

import testTemplate from '../../templates/data-model.test.ts.tmpl' with { type: 'text' }
import template from '../../templates/data-model.ts.tmpl' with { type: 'text' }
import { EXAMPLE_OBJECT } from '../data/example-of.ts'
import { classesOf, type MemberSpec, type MemberType } from './field-types.ts'
import { nameForms } from './name-string.ts'
import { PROJECT_DIRS } from './project.ts'
import { renderTemplate } from './render-template.ts'
import type { GeneratedFile } from './write-files.ts'

const specOf = (type: MemberType, id: boolean): string => {
  switch (type.kind) {
    case 'scalar':
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
    case 'scalar':
      switch (type.name) {
        case 'int':
          return '1'
        case 'float':
          return '0.5'
        case 'str':
          return `'${name}'`
        case 'bool':
          return 'true'
        case 'datetime':
          return "DateTime.parse('2020-01-02T03:04:05.123456')"
        case 'date':
          return "CalendarDate.parse('2020-01-02')"
        case 'time':
          return "TimeOfDay.parse('03:04:05.123456')"
        case 'object':
          return `'${EXAMPLE_OBJECT}'`
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
  const fileOf = (name: string): string =>
    (classFiles.get(name) ?? `${PROJECT_DIRS.dataModels}/${nameForms(name).asKebab}.ts`)
      .split('/')
      .at(-1) as string
  const source = renderTemplate('data-model.ts', template, {
    className,
    imports: nested.map((name) => `import { ${name} } from './${fileOf(name)}'\n`).join(''),
    members: members.map((member) => `  ${member.name}: ${specOf(member.type, member.id)},`).join('\n'),
  })
  const hypergolNames = unique(members.flatMap((member) => needsOf(member.type)))
  const testImports = [
    ...(hypergolNames.length > 0 ? [`import { ${hypergolNames.join(', ')} } from 'hypergol'`] : []),
    ...[...nested, className]
      .map((name) => ({ name, file: name === className ? `${kebab}.ts` : fileOf(name) }))
      .sort((a, b) => a.file.localeCompare(b.file))
      .map(({ name, file }) => `import { ${name} } from '../../${PROJECT_DIRS.dataModels}/${file}'`),
  ]
  const hasId = members.some((member) => member.id)
  const testSource = renderTemplate('data-model.test.ts', testTemplate, {
    className,
    imports: `${testImports.join('\n')}\n`,
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
