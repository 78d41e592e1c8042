/**
 * @module create-data-model
 * `hypergol create data-model Name member:type …`: a data class and its test.
 */
import { defineCommand } from 'citty'
import { classNameForms } from '../codegen/class-name.ts'
import { generateDataModel } from '../codegen/data-model.ts'
import { BUILTIN_TYPES, parseMembers } from '../codegen/field-types.ts'
import { findProject, listDataClasses } from '../codegen/project.ts'
import { HypergolError } from '../errors.ts'
import { generatorArgs } from './args.ts'
import { emitFiles } from './emit-files.ts'

export default defineCommand({
  meta: {
    name: 'data-model',
    description: `Generate a data class and its test. Types: ${BUILTIN_TYPES.join(', ')}, another data class, List[T], T? (optional); :id marks int/bigint/str id members`,
  },
  args: {
    name: {
      type: 'positional',
      description: 'The class name (CamelCase or snake_case)',
      valueHint: 'Name',
      required: true,
    },
    ...generatorArgs,
  },
  async run({ args }) {
    const project = findProject()
    const className = classNameForms(args.name).asClass
    const classes = listDataClasses(project.root)
    const existing = classes.get(className)
    if (existing !== undefined && !args.force) {
      throw new HypergolError('E_FILE_EXISTS', `data class ${className} already exists in ${existing}`, {
        hint: 'Nothing was written. Choose another name, or rerun with --force to overwrite.',
      })
    }
    const memberArgs = args._.slice(1).map(String)
    const members = parseMembers(
      memberArgs,
      [...classes.keys()].filter((name) => name !== className),
    )
    await emitFiles(project.root, generateDataModel(className, members, classes), args)
  },
})
