/**
 * @module task
 * `hypergol create task Name Input… Output` (a task reading the input classes' datasets, zipped) and
 * `hypergol create task Name Output --source` (a task that makes objects from elsewhere). The stubs compile
 * and throw "not implemented" until their places are filled.
 */
import sourceTemplate from '../../templates/source-task.ts.tmpl' with { type: 'text' }
import template from '../../templates/task.ts.tmpl' with { type: 'text' }
import { HypergolError } from '../errors.ts'
import { distinctIdentifiers } from './identifier.ts'
import { renderImports } from './imports.ts'
import { nameForms } from './name-string.ts'
import { PROJECT_DIRS } from './project.ts'
import { renderTemplate } from './render-template.ts'
import type { GeneratedFile } from './write-files.ts'

/** A task to generate. */
export interface TaskPlan {
  className: string
  /** The input data classes, one per input dataset; none for a source task. */
  inputs: string[]
  output: string
  source: boolean
}

/**
 * Splits the class arguments of `create task`: the last is the output, the ones before it the inputs.
 *
 * @throws HypergolError E_INVALID_ARGUMENT for an unknown class, no output, or inputs to a source task.
 */
export const planTask = (
  className: string,
  classes: readonly string[],
  source: boolean,
  classFiles: ReadonlyMap<string, string>,
): TaskPlan => {
  const known = [...classFiles.keys()]
  for (const name of classes) {
    if (!classFiles.has(name)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `${JSON.stringify(name)} is not a data class of this project`,
        {
          hint: `Data classes: ${known.length > 0 ? known.join(', ') : 'none yet'}. Create one with: hypergol create data-model ${name} …`,
        },
      )
    }
  }
  const usage = source
    ? 'hypergol create task Name OutputClass --source'
    : 'hypergol create task Name InputClass… OutputClass'
  const output = classes.at(-1)
  if (output === undefined || (source && classes.length > 1) || (!source && classes.length < 2)) {
    throw new HypergolError(
      'E_INVALID_ARGUMENT',
      source
        ? `a source task makes one class of objects; got ${classes.length} class(es)`
        : `a task needs at least one input class and its output class (the last one); got ${classes.length}`,
      { hint: `Usage: ${usage}` },
    )
  }
  return { className, inputs: classes.slice(0, -1), output, source }
}

/** The task's file, `tasks/<name>.ts`. */
export const generateTask = (plan: TaskPlan, classFiles: ReadonlyMap<string, string>): GeneratedFile => {
  const kebab = nameForms(plan.className).asKebab
  const inputs = [...new Set(plan.inputs)].filter((name) => name !== plan.output)
  const from = (name: string): string => `../${classFiles.get(name) as string}`
  const imports = renderImports([
    ...inputs.map((name) => ({ name, from: from(name), typeOnly: true })),
    { name: plan.output, from: from(plan.output) },
  ])
  const common = { className: plan.className, outputClass: plan.output, imports }
  const content = plan.source
    ? renderTemplate('source-task.ts', sourceTemplate, common)
    : renderTemplate('task.ts', template, {
        ...common,
        inputDescription:
          plan.inputs.length === 1
            ? `one ${plan.inputs[0]} object`
            : `one object of each input dataset (${plan.inputs.join(', ')}), with the same hash id`,
        parameters: distinctIdentifiers(plan.inputs.map((name) => nameForms(name).asVariable))
          .map((variable, index) => `${variable}: ${plan.inputs[index]}`)
          .join(', '),
      })
  return { path: `${PROJECT_DIRS.tasks}/${kebab}.ts`, content }
}
