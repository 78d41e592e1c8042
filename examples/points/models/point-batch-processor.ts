import * as tf from '@tensorflow/tfjs'
import { BaseBatchProcessor, type Dataset, type NamedTensors } from 'hypergol'
import { Point } from '../data-models/point.ts'
import { PointPrediction } from '../data-models/point-prediction.ts'

/** Points to tensors and back; `prepare` learns the label set from the training data. */
export class PointBatchProcessor extends BaseBatchProcessor<
  Point,
  PointPrediction,
  Point,
  PointPrediction,
  NamedTensors,
  tf.Tensor,
  tf.Tensor,
  { labels: string[] }
> {
  readonly inputClass = Point
  readonly outputClass = PointPrediction

  override async prepare(training: Dataset<Point>): Promise<void> {
    const labels = new Set<string>()
    for await (const point of training.read()) labels.add(point.label)
    this.config.labels = [...labels].sort()
  }

  processTrainingBatch(points: readonly Point[]) {
    const labelIds = points.map((point) => this.config.labels.indexOf(point.label))
    return {
      inputs: this.processInputBatch(points),
      targets: tf.tidy(() => tf.oneHot(tf.tensor1d(labelIds, 'int32'), this.config.labels.length)),
    }
  }

  processEvaluationBatch(points: readonly Point[], outputs: tf.Tensor, step: number): PointPrediction[] {
    return this.processOutputBatch(points, outputs).map(
      (prediction) => new PointPrediction({ ...prediction, step }),
    )
  }

  processInputBatch(points: readonly Point[]): NamedTensors {
    // A served request that fits the schema but not the model is refused here (HTTP 422).
    const bad = points.find((point) => point.x.length !== 2)
    if (bad !== undefined) throw new Error(`point ${bad.pointId} has ${bad.x.length} coordinates, not 2`)
    return { x: tf.tensor2d(points.map((point) => point.x)) }
  }

  processOutputBatch(points: readonly Point[], outputs: tf.Tensor): PointPrediction[] {
    const best = tf.tidy(() => outputs.argMax(-1).arraySync() as number[])
    return points.map(
      (point, index) =>
        new PointPrediction({
          pointId: point.pointId,
          label: point.label,
          predicted: this.config.labels[best[index] as number] as string,
          step: -1,
        }),
    )
  }
}
