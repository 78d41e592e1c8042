/**
 * @module create-task
 * `hypergol create task Name Input… Output [--source]`: a task stub in `tasks/`.
 */
import { defineCommand } from 'citty'
import { classNameForms } from '../codegen/class-name.ts'
import { findProject, listDataClasses } from '../codegen/project.ts'
import { generateTask, planTask } from '../codegen/task.ts'
import { HypergolError } from '../errors.ts'
import { generatorArgs } from './args.ts'
import { emitFiles } from './emit-files.ts'

export default defineCommand({
  meta: {
    name: 'task',
    description:
      'Generate a task: its input classes then its output class (the last one); with --source, only the output class',
  },
  args: {
    name: { type: 'positional', description: 'The task class name', valueHint: 'Name', required: true },
    source: {
      type: 'boolean',
      description: 'A source task: it makes objects from elsewhere, with no input dataset',
      default: false,
    },
    ...generatorArgs,
  },
  async run({ args }) {
    const project = findProject()
    const className = classNameForms(args.name).asClass
    const classFiles = listDataClasses(project.root)
    if (classFiles.has(className)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `task name ${className} is already a data class of this project`,
        {
          hint: 'Name tasks after what they do, e.g. CountTokens.',
        },
      )
    }
    const plan = planTask(className, args._.slice(1).map(String), args.source, classFiles)
    await emitFiles(project.root, [generateTask(plan, classFiles)], args)
  },
})
