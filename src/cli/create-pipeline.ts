/**
 * @module create-pipeline
 * `hypergol create pipeline Name Task|Class…`: a pipeline module in `pipelines/`, run by `hypergol run`.
 */
import { defineCommand } from 'citty'
import { nameForms } from '../codegen/name-string.ts'
import { generatePipeline } from '../codegen/pipeline.ts'
import { findProject, listDataClasses, listTasks } from '../codegen/project.ts'
import { generatorArgs } from './args.ts'
import { emitFiles } from './emit-files.ts'

export default defineCommand({
  meta: {
    name: 'pipeline',
    description:
      'Generate a pipeline running the given tasks in order, with a dataset per task output and per class given',
  },
  args: {
    name: { type: 'positional', description: 'The pipeline name', valueHint: 'Name', required: true },
    ...generatorArgs,
  },
  async run({ args }) {
    const project = findProject()
    const classFiles = listDataClasses(project.root)
    const tasks = listTasks(project.root, classFiles)
    const parts = args._.slice(1).map(
      (part) => nameForms(String(part), undefined, 'task or class name').asClass,
    )
    await emitFiles(project.root, [generatePipeline(args.name, project.name, parts, tasks, classFiles)], args)
  },
})
