import * as tf from '@tensorflow/tfjs'
import { DatasetFactory, defineTraining, type TrainingContext } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'
import { TaggedSentence } from '../data-models/tagged-sentence.ts'
import { TokenFeatures } from './blocks/token-features.ts'
import { WindowClassifier } from './blocks/window-classifier.ts'
import { SHAPES } from './features.ts'
import { Tagger } from './tagger.ts'
import { TaggerBatchProcessor } from './tagger-batch-processor.ts'

export default defineTraining((context: TrainingContext) => {
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'brown_pos',
    branch: context.branch,
  })
  return {
    trainingDataset: factory.get(Sentence, 'training_sentences'),
    evaluationDataset: factory.get(Sentence, 'evaluation_sentences'),
    evaluationOutput: factory.get(TaggedSentence, `tagged_sentences_${context.startStep}`),
    batchProcessor: new TaggerBatchProcessor({ words: [], suffixes: [], tags: [], minCount: 2, gap: 2 }),
    model: (processor) =>
      new Tagger({
        features: new TokenFeatures({
          words: processor.config.words.length + 2,
          suffixes: processor.config.suffixes.length + 2,
          shapes: SHAPES,
          wordDim: 64,
          suffixDim: 24,
          shapeDim: 4,
        }),
        classifier: new WindowClassifier({
          window: 2,
          hidden: 256,
          tags: processor.config.tags.length,
          dropout: 0.25,
        }),
      }),
    optimizer: () => tf.train.adam(0.002),
    batchSize: 32,
    steps: 2000,
    evaluateEvery: 250,
  }
})
