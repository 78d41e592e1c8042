import * as tf from '@tensorflow/tfjs'
import { DatasetFactory, defineTraining, type TrainingContext } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'
import { TokenCount } from '../data-models/token-count.ts'
import { Encoder } from './blocks/encoder.ts'
import { SentenceCounter } from './sentence-counter.ts'
import { SentenceCounterBatchProcessor } from './sentence-counter-batch-processor.ts'

/**
 * Trains SentenceCounter: `hypergol train models/train-sentence-counter.ts` (add `--restore <checkpoint>` to continue,
 * `--steps N` to change the length). Checkpoints go to `<data dir>/my_project/<git branch>/models/SentenceCounter/`.
 * This function only builds objects (hypergol serve calls it again to find the classes): read data in
 * SentenceCounterBatchProcessor.prepare.
 */
export default defineTraining((context: TrainingContext) => {
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'my_project',
    branch: context.branch,
  })
  return {
    // Datasets your pipelines make: the objects to train on, and held-out objects of the same class.
    trainingDataset: factory.get(Sentence, 'training_sentences'),
    evaluationDataset: factory.get(Sentence, 'evaluation_sentences'),
    // Named after the start step, so that a run continued with --restore writes a dataset of its own.
    evaluationOutput: factory.get(TokenCount, `token_counts_${context.startStep}`),
    batchProcessor: new SentenceCounterBatchProcessor({}),
    // Build the model from the prepared processor (a vocabulary size from its config, say).
    model: (_batchProcessor) => new SentenceCounter({ encoder: new Encoder({ units: 32 }) }),
    optimizer: () => tf.train.adam(0.001),
    batchSize: 32,
    steps: 100,
    evaluateEvery: 10,
  }
})
