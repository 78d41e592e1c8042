/**
 * @module create-model
 * `hypergol create model Name TrainingClass EvaluationClass InputClass OutputClass [Block…]`: the model, its
 * batch processor and its training script in `models/`.
 */
import { defineCommand } from 'citty'
import { classNameForms } from '../codegen/class-name.ts'
import { generateModel, planModel } from '../codegen/model.ts'
import { nameForms } from '../codegen/name-string.ts'
import { findProject, listDataClasses, listModelBlocks } from '../codegen/project.ts'
import { HypergolError } from '../errors.ts'
import { generatorArgs } from './args.ts'
import { emitFiles } from './emit-files.ts'

export default defineCommand({
  meta: {
    name: 'model',
    description:
      'Generate a model, its batch processor and its training script: give the training, evaluation, input and output classes, then its blocks',
  },
  args: {
    name: { type: 'positional', description: 'The model class name', valueHint: 'Name', required: true },
    ...generatorArgs,
  },
  async run({ args }) {
    const project = findProject()
    const className = classNameForms(args.name).asClass
    const classFiles = listDataClasses(project.root)
    const blockFiles = listModelBlocks(project.root)
    if (classFiles.has(className) || blockFiles.has(className)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `model name ${className} is already a ${classFiles.has(className) ? 'data class' : 'block'} of this project`,
        { hint: 'Name models after what they predict, e.g. SentimentClassifier.' },
      )
    }
    const names = args._.slice(1).map(
      (part) => nameForms(String(part), undefined, 'class or block name').asClass,
    )
    const plan = planModel(className, names, classFiles, blockFiles)
    await emitFiles(project.root, generateModel(plan, project.name, classFiles, blockFiles), args)
  },
})
