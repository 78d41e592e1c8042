/**
 * @module pipeline
 * `hypergol create pipeline Name Task|Class…`: a pipeline module running the given tasks in order. Each
 * task's output gets a dataset named after its class (plural snake case, as the original names datasets);
 * an input is the dataset of the last earlier task making that class, or else a dataset of that class that
 * must already exist. Data classes given on their own get a dataset too, for wiring by hand.
 */
import template from '../../templates/pipeline.ts.tmpl' with { type: 'text' }
import { HypergolError } from '../errors.ts'
import { distinctIdentifiers } from './identifier.ts'
import { renderImports } from './imports.ts'
import { nameForms } from './name-string.ts'
import { PROJECT_DIRS, type ProjectTask } from './project.ts'
import { renderTemplate } from './render-template.ts'
import type { GeneratedFile } from './write-files.ts'

interface DatasetPlan {
  className: string
  /** Its name on disk. */
  name: string
  variable: string
}

/**
 * The pipeline file `pipelines/<name>.ts`.
 *
 * @param parts task and data class names, in the order given.
 * @throws HypergolError E_INVALID_ARGUMENT for a name that is neither a task nor a data class of the project.
 */
export const generatePipeline = (
  pipelineName: string,
  projectName: string,
  parts: readonly string[],
  tasks: ReadonlyMap<string, ProjectTask>,
  classFiles: ReadonlyMap<string, string>,
): GeneratedFile => {
  for (const part of parts) {
    if (!tasks.has(part) && !classFiles.has(part)) {
      throw new HypergolError(
        'E_INVALID_ARGUMENT',
        `${JSON.stringify(part)} is neither a task nor a data class of this project`,
        {
          hint: `Tasks: ${[...tasks.keys()].join(', ') || 'none yet'}. Data classes: ${[...classFiles.keys()].join(', ') || 'none yet'}.`,
        },
      )
    }
  }
  const datasets: DatasetPlan[] = []
  const addDataset = (className: string): DatasetPlan => {
    const forms = nameForms(className)
    const taken = datasets.filter((dataset) => dataset.className === className).length
    const plan = {
      className,
      name: taken === 0 ? forms.asPluralSnake : `${forms.asPluralSnake}_${taken + 1}`,
      variable: '',
    }
    datasets.push(plan)
    return plan
  }
  // The dataset each class currently comes from: the last one made, as tasks run in order.
  const latest = new Map<string, DatasetPlan>()
  const steps: { task: ProjectTask; inputs: DatasetPlan[]; output: DatasetPlan }[] = []
  for (const part of parts) {
    const task = tasks.get(part)
    if (task === undefined) {
      if (!latest.has(part)) latest.set(part, addDataset(part))
      continue
    }
    const inputs = task.inputs.map((name) => {
      const known = latest.get(name) ?? addDataset(name)
      latest.set(name, known)
      return known
    })
    const output = addDataset(task.output)
    latest.set(task.output, output)
    steps.push({ task, inputs, output })
  }
  const variables = distinctIdentifiers(datasets.map((dataset) => nameForms(dataset.name).asVariable))
  datasets.forEach((dataset, index) => {
    dataset.variable = variables[index] as string
  })
  const imports = renderImports([
    ...[...new Set(datasets.map((dataset) => dataset.className))].map((name) => ({
      name,
      from: `../${classFiles.get(name) as string}`,
    })),
    ...[...new Set(steps.map((step) => step.task))].map((task) => ({
      name: task.className,
      from: `../${task.file}`,
    })),
  ])
  const forms = nameForms(pipelineName, undefined, 'pipeline name')
  const content = renderTemplate('pipeline.ts', template, {
    className: forms.asClass,
    fileName: forms.asKebab,
    projectName,
    imports,
    datasets: datasets
      .map((dataset) => `  const ${dataset.variable} = factory.get(${dataset.className}, '${dataset.name}')`)
      .join('\n'),
    tasks: steps
      .map(({ task, inputs, output }) => {
        const inputOption = task.source
          ? ''
          : `inputDatasets: [${inputs.map((input) => input.variable).join(', ')}], `
        return `    new ${task.className}({ ${inputOption}outputDataset: ${output.variable} }),`
      })
      .join('\n'),
  })
  return { path: `${PROJECT_DIRS.pipelines}/${forms.asKebab}.ts`, content }
}
