/**
 * @module create-model-block
 * `hypergol create model-block Name`: a block (a serialisable group of tfjs layers) in `models/blocks/`.
 */
import { defineCommand } from 'citty'
import { classNameForms } from '../codegen/class-name.ts'
import { generateModelBlock } from '../codegen/model.ts'
import { findProject, listDataClasses, listModelBlocks } from '../codegen/project.ts'
import { HypergolError } from '../errors.ts'
import { generatorArgs } from './args.ts'
import { emitFiles } from './emit-files.ts'

export default defineCommand({
  meta: {
    name: 'model-block',
    description: 'Generate a model block: layers a model combines, saved with it',
  },
  args: {
    name: { type: 'positional', description: 'The block class name', valueHint: 'Name', required: true },
    ...generatorArgs,
  },
  async run({ args }) {
    const project = findProject()
    const className = classNameForms(args.name).asClass
    if (listDataClasses(project.root).has(className)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `block name ${className} is already a data class of this project`,
        {
          hint: 'Name blocks after what they compute, e.g. WordEmbedding.',
        },
      )
    }
    const existing = listModelBlocks(project.root).get(className)
    if (existing !== undefined && existing !== generateModelBlock(className).path && !args.force) {
      throw new HypergolError('E_FILE_EXISTS', `block ${className} is already defined in ${existing}`, {
        hint: 'Choose another name, or remove that class first.',
      })
    }
    await emitFiles(project.root, [generateModelBlock(className)], args)
  },
})
