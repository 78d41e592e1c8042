/**
 * `create task` and `create pipeline`: exact output (golden files), how class arguments are read, how a
 * pipeline wires tasks through datasets, and the errors for names the project does not have.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { generatePipeline } from '../../../src/codegen/pipeline.ts'
import { listDataClasses, listTasks } from '../../../src/codegen/project.ts'
import { generateTask, planTask } from '../../../src/codegen/task.ts'
import { writeGeneratedFiles } from '../../../src/codegen/write-files.ts'
import { createExampleClasses } from '../../helpers/codegen-examples.ts'
import { failureOf } from '../../helpers/failure-of.ts'
import { expectGolden } from '../../helpers/golden.ts'
import { makeSourceProject } from '../../helpers/source-project.ts'

let root: string
beforeEach(() => {
  root = makeSourceProject()
  createExampleClasses(root)
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

/** What `hypergol create task name ...classes [--source]` writes. */
const createTask = (name: string, classes: string[], source = false) => {
  const classFiles = listDataClasses(root)
  const file = generateTask(planTask(name, classes, source, classFiles), classFiles)
  writeGeneratedFiles(root, [file])
  return file
}

describe('create task', () => {
  test('given a source task, a one-input task and a two-input task, then the files equal the golden files', () => {
    const files = [
      createTask('ReadSentences', ['Sentence'], true),
      createTask('CountTokens', ['Sentence', 'TokenCount']),
      createTask('JoinCounts', ['Sentence', 'TokenCount', 'TokenCount']),
      createTask('PairSentences', ['Sentence', 'Sentence', 'Label']),
    ]

    for (const file of files) expectGolden(`project/${file.path}`, file.content)
  })

  test('given the tasks on disk, then listTasks reads their output and input classes', () => {
    createTask('ReadSentences', ['Sentence'], true)
    createTask('CountTokens', ['Sentence', 'TokenCount'])

    const tasks = listTasks(root, listDataClasses(root))

    expect([...tasks.values()]).toEqual([
      {
        className: 'CountTokens',
        file: 'tasks/count-tokens.ts',
        output: 'TokenCount',
        inputs: ['Sentence'],
        source: false,
      },
      {
        className: 'ReadSentences',
        file: 'tasks/read-sentences.ts',
        output: 'Sentence',
        inputs: [],
        source: true,
      },
    ])
  })

  test.each([
    [['Sentence'], false, 'a task needs at least one input class and its output class (the last one); got 1'],
    [['Sentence', 'Label'], true, 'a source task makes one class of objects; got 2 class(es)'],
    [['Sentense', 'Label'], false, '"Sentense" is not a data class of this project'],
  ])('given classes %p (source %p), then E_INVALID_ARGUMENT: %s', (classes, source, message) => {
    const error = failureOf(() => planTask('Bad', classes, source, listDataClasses(root)))

    expect(error.code).toBe('E_INVALID_ARGUMENT')
    expect(error.message).toBe(message)
  })
})

describe('create pipeline', () => {
  test('given a source task then a task reading its output, then the pipeline wires them through one dataset', () => {
    createTask('ReadSentences', ['Sentence'], true)
    createTask('CountTokens', ['Sentence', 'TokenCount'])
    const classFiles = listDataClasses(root)

    const file = generatePipeline(
      'ProcessSentences',
      'my_project',
      ['ReadSentences', 'CountTokens', 'Label'],
      listTasks(root, classFiles),
      classFiles,
    )

    expectGolden(`project/${file.path}`, file.content)
  })

  test('given a task whose input no earlier task makes, then its input is a dataset of that class', () => {
    createTask('CountTokens', ['Sentence', 'TokenCount'])
    const classFiles = listDataClasses(root)

    const file = generatePipeline(
      'Count',
      'my_project',
      ['CountTokens'],
      listTasks(root, classFiles),
      classFiles,
    )

    expect(file.content).toContain("  const sentences = factory.get(Sentence, 'sentences')\n")
    expect(file.content).toContain(
      '    new CountTokens({ inputDatasets: [sentences], outputDataset: tokenCounts }),\n',
    )
  })

  test('given a name that is neither a task nor a class, then E_INVALID_ARGUMENT lists what the project has', () => {
    const classFiles = listDataClasses(root)

    const error = failureOf(() =>
      generatePipeline('P', 'my_project', ['CountTokenz'], listTasks(root, classFiles), classFiles),
    )

    expect(error.message).toBe('"CountTokenz" is neither a task nor a data class of this project')
    expect(error.hint).toBe('Tasks: none yet. Data classes: Label, Sentence, TokenCount.')
  })
})
