/**
 * `create model-block` and `create model`: exact output (golden files, type-checked with the repository),
 * the blocks a project has, the errors for arguments it does not have, and stubs that fail loudly.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { generateModel, generateModelBlock, planModel } from '../../../src/codegen/model.ts'
import { listDataClasses, listModelBlocks } from '../../../src/codegen/project.ts'
import { writeGeneratedFiles } from '../../../src/codegen/write-files.ts'
import { exampleOf } from '../../../src/index.ts'
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

/** What `hypergol create model name ...names` writes. */
const createModel = (name: string, names: string[]) => {
  const classFiles = listDataClasses(root)
  const blockFiles = listModelBlocks(root)
  const files = generateModel(
    planModel(name, names, classFiles, blockFiles),
    'my_project',
    classFiles,
    blockFiles,
  )
  writeGeneratedFiles(root, files)
  return files
}

describe('create model-block and create model', () => {
  test('given blocks and a model using them, then the files equal the golden files', () => {
    const blocks = [generateModelBlock('Encoder'), generateModelBlock('TagHead')]
    writeGeneratedFiles(root, blocks)

    const files = createModel('SentenceCounter', [
      'Sentence',
      'TokenCount',
      'Sentence',
      'TokenCount',
      'Encoder',
    ])

    expect(files.map((file) => file.path)).toEqual([
      'models/sentence-counter.ts',
      'models/sentence-counter-batch-processor.ts',
      'models/train-sentence-counter.ts',
    ])
    for (const file of [...blocks, ...files]) expectGolden(`project/${file.path}`, file.content)
  })

  test('given the blocks on disk, then listModelBlocks finds each exported block class and its file', () => {
    writeGeneratedFiles(root, [generateModelBlock('Encoder'), generateModelBlock('TagHead')])

    expect([...listModelBlocks(root)]).toEqual([
      ['Encoder', 'models/blocks/encoder.ts'],
      ['TagHead', 'models/blocks/tag-head.ts'],
    ])
  })

  test('given a model with no blocks, then its blocks are an empty map and its comment says how to add one', () => {
    const [model] = createModel('Plain', ['Sentence', 'TokenCount', 'Sentence', 'TokenCount'])

    expect(model?.content).toContain('export class Plain extends BaseModel<{}> {')
    expect(model?.content).toContain('Add blocks with `hypergol create model-block Name`.')
  })

  test.each([
    [
      ['Sentence', 'TokenCount'],
      'a model needs its TrainingClass, EvaluationClass, InputClass, OutputClass; got 2 name(s)',
    ],
    [
      ['Sentence', 'TokenCount', 'Sentense', 'TokenCount'],
      'InputClass "Sentense" is not a data class of this project',
    ],
    [
      ['Sentence', 'TokenCount', 'Sentence', 'TokenCount', 'Decoder'],
      '"Decoder" is not a model block of this project',
    ],
  ])('given %p, then E_INVALID_ARGUMENT: %s', (names, message) => {
    const error = failureOf(() => planModel('M', names, listDataClasses(root), listModelBlocks(root)))

    expect(error.code).toBe('E_INVALID_ARGUMENT')
    expect(error.message).toBe(message)
  })

  test('given an unknown class, then the hint lists the data classes of the project', () => {
    const error = failureOf(() =>
      planModel('M', ['Sentense', 'Label', 'Label', 'Label'], listDataClasses(root), listModelBlocks(root)),
    )

    expect(error.hint).toContain('Data classes: Label, Sentence, TokenCount.')
  })
})

describe('the generated stubs', () => {
  // The golden files themselves, imported when the test runs (the golden test above writes them first).
  test('given the unfilled block, model and batch processor, then each says what is not implemented', async () => {
    const golden = '../../golden/project'
    const { Sentence } = await import(`${golden}/data-models/sentence.ts`)
    const { Encoder } = await import(`${golden}/models/blocks/encoder.ts`)
    const { SentenceCounter } = await import(`${golden}/models/sentence-counter.ts`)
    const { SentenceCounterBatchProcessor } = await import(
      `${golden}/models/sentence-counter-batch-processor.ts`
    )
    const encoder = new Encoder({ units: 4 })
    const model = new SentenceCounter({ encoder })
    const processor = new SentenceCounterBatchProcessor({})
    const input = tf.zeros([2, 3])

    expect(() => encoder.apply(input)).toThrow('not implemented: Encoder.apply()')
    expect(() => model.getOutputs({ x: input }, true)).toThrow(
      'not implemented: SentenceCounter.getOutputs()',
    )
    expect(() => model.getLoss(input, input)).toThrow('not implemented: SentenceCounter.getLoss()')
    expect(() => processor.processTrainingBatch([])).toThrow(
      'not implemented: SentenceCounterBatchProcessor.processTrainingBatch()',
    )
    expect(() => processor.processInputBatch([exampleOf(Sentence)])).toThrow(
      'not implemented: SentenceCounterBatchProcessor.processInputBatch()',
    )
    expect(processor.inputClass).toBe(Sentence)
    input.dispose()
  })
})
