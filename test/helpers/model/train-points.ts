/** The training script of the points model, configured by `<data dir>/train-points.json`. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { DatasetFactory, defineTraining, type TrainingContext } from 'hypergol'
import { Mlp, Point, PointBatchProcessor, PointClassifier, PointPrediction } from './points.ts'

export default defineTraining((context: TrainingContext) => {
  const config = JSON.parse(readFileSync(join(context.dataDir, 'train-points.json'), 'utf8')) as {
    steps?: number
    hidden?: number
  }
  const factory = new DatasetFactory({ location: context.dataDir, project: 'points', branch: 'main' })
  return {
    trainingDataset: factory.get(Point, 'training_points'),
    evaluationDataset: factory.get(Point, 'evaluation_points'),
    evaluationOutput: factory.get(PointPrediction, `point_predictions_${context.startStep}`),
    batchProcessor: new PointBatchProcessor({ labels: [] }),
    model: (processor) =>
      new PointClassifier({
        mlp: new Mlp({ hidden: config.hidden ?? 16, classes: processor.config.labels.length }),
      }),
    optimizer: () => tf.train.adam(0.05),
    batchSize: 16,
    steps: config.steps ?? 30,
    evaluateEvery: 10,
  }
})
