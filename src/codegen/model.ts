/**
 * @module model
 * `hypergol create model-block Name` (a block in `models/blocks/`) and `hypergol create model Name
 * TrainingClass EvaluationClass InputClass OutputClass [Block…]`: the model, its batch processor and its
 * training script in `models/`. The stubs compile and throw "not implemented" until their places are filled;
 * the training script runs as it is once they are.
 */
import processorTemplate from '../../templates/batch-processor.ts.tmpl' with { type: 'text' }
import modelTemplate from '../../templates/model.ts.tmpl' with { type: 'text' }
import blockTemplate from '../../templates/model-block.ts.tmpl' with { type: 'text' }
import trainTemplate from '../../templates/train-model.ts.tmpl' with { type: 'text' }
import { HypergolError } from '../errors.ts'
import { distinctIdentifiers } from './identifier.ts'
import { type ClassImport, renderImports } from './imports.ts'
import { nameForms } from './name-string.ts'
import { PROJECT_DIRS } from './project.ts'
import { renderTemplate } from './render-template.ts'
import type { GeneratedFile } from './write-files.ts'

/** The block's file, `models/blocks/<name>.ts`. */
export const generateModelBlock = (className: string): GeneratedFile => ({
  path: `${PROJECT_DIRS.blocks}/${nameForms(className).asKebab}.ts`,
  content: renderTemplate('model-block.ts', blockTemplate, { className }),
})

/** A model to generate. */
export interface ModelPlan {
  className: string
  trainingClass: string
  evaluationClass: string
  inputClass: string
  outputClass: string
  blocks: string[]
}

const ROLES = ['TrainingClass', 'EvaluationClass', 'InputClass', 'OutputClass'] as const

/**
 * Checks the arguments of `create model`: four data classes of the project, then blocks of it.
 *
 * @throws HypergolError E_INVALID_ARGUMENT naming what is missing or unknown, and what exists.
 */
export const planModel = (
  className: string,
  names: readonly string[],
  classFiles: ReadonlyMap<string, string>,
  blockFiles: ReadonlyMap<string, string>,
): ModelPlan => {
  const usage = 'hypergol create model Name TrainingClass EvaluationClass InputClass OutputClass [Block…]'
  if (names.length < ROLES.length) {
    throw new HypergolError(
      'E_INVALID_ARGUMENT',
      `a model needs its ${ROLES.join(', ')}; got ${names.length} name(s)`,
      { hint: `Usage: ${usage}` },
    )
  }
  const classes = names.slice(0, ROLES.length)
  for (const [index, name] of classes.entries()) {
    if (!classFiles.has(name)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `${ROLES[index]} ${JSON.stringify(name)} is not a data class of this project`,
        { hint: `Data classes: ${[...classFiles.keys()].join(', ') || 'none yet'}. Usage: ${usage}` },
      )
    }
  }
  const blocks = names.slice(ROLES.length)
  for (const name of blocks) {
    if (!blockFiles.has(name)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `${JSON.stringify(name)} is not a model block of this project`,
        {
          hint: `Blocks: ${[...blockFiles.keys()].join(', ') || 'none yet'}. Create one with: hypergol create model-block ${name}`,
        },
      )
    }
  }
  if (new Set(blocks).size !== blocks.length) {
    throw new HypergolError('E_INVALID_ARGUMENT', `a block is named twice in ${blocks.join(' ')}`, {
      hint: 'Name each block class once; a model holds each block under its own name.',
    })
  }
  const [trainingClass, evaluationClass, inputClass, outputClass] = classes as [
    string,
    string,
    string,
    string,
  ]
  return { className, trainingClass, evaluationClass, inputClass, outputClass, blocks }
}

/** One import per class, a value import when any use needs the value. */
const importsOf = (wanted: readonly ClassImport[]): string => {
  const byName = new Map<string, ClassImport>()
  for (const entry of wanted) {
    const known = byName.get(entry.name)
    byName.set(
      entry.name,
      known === undefined ? entry : { ...known, typeOnly: known.typeOnly && entry.typeOnly },
    )
  }
  return renderImports([...byName.values()])
}

/** The model, its batch processor and its training script. */
export const generateModel = (
  plan: ModelPlan,
  projectName: string,
  classFiles: ReadonlyMap<string, string>,
  blockFiles: ReadonlyMap<string, string>,
): GeneratedFile[] => {
  const kebab = nameForms(plan.className).asKebab
  const processorClass = `${plan.className}BatchProcessor`
  const dataClass = (name: string, typeOnly: boolean): ClassImport => ({
    name,
    from: `../${classFiles.get(name) as string}`,
    typeOnly,
  })
  const blockImport = (name: string, typeOnly: boolean): ClassImport => ({
    name,
    from: `./blocks/${(blockFiles.get(name) as string).split('/').pop() as string}`,
    typeOnly,
  })
  const blockNames = distinctIdentifiers(plan.blocks.map((block) => nameForms(block).asVariable))
  const model = renderTemplate('model.ts', modelTemplate, {
    className: plan.className,
    imports: importsOf(plan.blocks.map((block) => blockImport(block, true))),
    blocksType:
      plan.blocks.length === 0
        ? '{}'
        : `{ ${plan.blocks.map((block, index) => `${blockNames[index]}: ${block}`).join('; ')} }`,
    blocksHint:
      blockNames[0] === undefined
        ? 'Add blocks with `hypergol create model-block Name`.'
        : `Combine the blocks here, e.g. \`this.blocks.${blockNames[0]}.apply(…)\`.`,
  })
  const processor = renderTemplate('batch-processor.ts', processorTemplate, {
    className: processorClass,
    modelClass: plan.className,
    trainingClass: plan.trainingClass,
    evaluationClass: plan.evaluationClass,
    inputClass: plan.inputClass,
    outputClass: plan.outputClass,
    imports: importsOf([
      dataClass(plan.trainingClass, true),
      dataClass(plan.evaluationClass, true),
      dataClass(plan.inputClass, false),
      dataClass(plan.outputClass, false),
    ]),
  })
  const train = renderTemplate('train-model.ts', trainTemplate, {
    modelClass: plan.className,
    processorClass,
    fileName: `train-${kebab}`,
    projectName,
    trainingClass: plan.trainingClass,
    evaluationClass: plan.evaluationClass,
    trainingPlural: nameForms(plan.trainingClass).asPluralSnake,
    evaluationPlural: nameForms(plan.evaluationClass).asPluralSnake,
    imports: importsOf([
      dataClass(plan.trainingClass, false),
      dataClass(plan.evaluationClass, false),
      ...plan.blocks.map((block) => blockImport(block, false)),
      { name: plan.className, from: `./${kebab}.ts` },
      { name: processorClass, from: `./${kebab}-batch-processor.ts` },
    ]),
    blocks:
      plan.blocks.length === 0
        ? '{}'
        : `{ ${plan.blocks.map((block, index) => `${blockNames[index]}: new ${block}({ units: 32 })`).join(', ')} }`,
  })
  return [
    { path: `${PROJECT_DIRS.models}/${kebab}.ts`, content: model },
    { path: `${PROJECT_DIRS.models}/${kebab}-batch-processor.ts`, content: processor },
    { path: `${PROJECT_DIRS.models}/train-${kebab}.ts`, content: train },
  ]
}
