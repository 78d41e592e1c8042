import * as tf from '@tensorflow/tfjs'
import { DatasetFactory, defineTraining, type TrainingContext } from 'hypergol'
import { Point } from '../data-models/point.ts'
import { PointPrediction } from '../data-models/point-prediction.ts'
import { Mlp } from './blocks/mlp.ts'
import { PointBatchProcessor } from './point-batch-processor.ts'
import { PointClassifier } from './point-classifier.ts'

export default defineTraining((context: TrainingContext) => {
  const factory = new DatasetFactory({ location: context.dataDir, project: 'points', branch: 'main' })
  return {
    trainingDataset: factory.get(Point, 'training_points'),
    evaluationDataset: factory.get(Point, 'evaluation_points'),
    // Named after the start step: a run continued from a checkpoint writes a dataset of its own.
    evaluationOutput: factory.get(PointPrediction, `point_predictions_${context.startStep}`),
    batchProcessor: new PointBatchProcessor({ labels: [] }),
    model: (processor) =>
      new PointClassifier({ mlp: new Mlp({ hidden: 16, classes: processor.config.labels.length }) }),
    optimizer: () => tf.train.adam(0.05),
    batchSize: 16,
    steps: 30,
    evaluateEvery: 10,
  }
})
