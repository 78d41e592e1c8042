/**
 * A small model project for the modelling tests: points of the plane, labelled by quadrant, and a
 * two-layer classifier over them, written the way the README tells users to write models.
 */
import * as tf from '@tensorflow/tfjs'
import {
  BaseBatchProcessor,
  BaseData,
  BaseModel,
  BaseModelBlock,
  type Dataset,
  field,
  type Metrics,
} from 'hypergol'

export class Point extends BaseData.define({
  pointId: field.int({ id: true }),
  x: field.list(field.float()),
  label: field.str(),
}) {}

export class PointPrediction extends BaseData.define({
  pointId: field.int({ id: true }),
  label: field.str(),
  predicted: field.str(),
  step: field.int(),
}) {}

/** Point `k` of a fixed pseudo-random cloud, labelled by its quadrant. */
export const makePoint = (k: number): Point => {
  const x = Math.sin(k * 12.9898) * 2
  const y = Math.cos(k * 78.233) * 2
  return new Point({
    pointId: k,
    x: [x, y],
    label: `${x >= 0 ? 'east' : 'west'}-${y >= 0 ? 'north' : 'south'}`,
  })
}

/** Two dense layers. */
export class Mlp extends BaseModelBlock<{ hidden: number; classes: number }> {
  readonly hidden = tf.layers.dense({ units: this.config.hidden, activation: 'relu' })
  readonly output = tf.layers.dense({ units: this.config.classes })

  logits(x: tf.Tensor): tf.Tensor {
    return this.output.apply(this.hidden.apply(x)) as tf.Tensor
  }
}

export class PointClassifier extends BaseModel<{ mlp: Mlp }> {
  getOutputs(inputs: { [name: string]: tf.Tensor }): tf.Tensor {
    return this.blocks.mlp.logits(inputs.x as tf.Tensor)
  }

  getLoss(outputs: tf.Tensor, targets: tf.Tensor): tf.Scalar {
    return tf.losses.softmaxCrossEntropy(targets, outputs) as tf.Scalar
  }

  override produceMetrics(outputs: tf.Tensor, targets: tf.Tensor): Metrics {
    return {
      Accuracy: tf.tidy(
        () => tf.equal(outputs.argMax(-1), targets.argMax(-1)).cast('float32').mean() as tf.Scalar,
      ),
    }
  }
}

/** Points to tensors and back; `prepare` learns the label set. */
export class PointBatchProcessor extends BaseBatchProcessor<
  Point,
  PointPrediction,
  Point,
  PointPrediction,
  { [name: string]: tf.Tensor },
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
    return {
      inputs: this.processInputBatch(points),
      targets: tf.oneHot(
        tf.tensor1d(
          points.map((point) => this.config.labels.indexOf(point.label)),
          'int32',
        ),
        this.config.labels.length,
      ),
    }
  }

  processEvaluationBatch(points: readonly Point[], outputs: tf.Tensor, step: number): PointPrediction[] {
    return this.processOutputBatch(points, outputs).map(
      (prediction) => new PointPrediction({ ...prediction, step }),
    )
  }

  processInputBatch(points: readonly Point[]): { [name: string]: tf.Tensor } {
    return { x: tf.tensor2d(points.map((point) => point.x)) }
  }

  processOutputBatch(points: readonly Point[], outputs: tf.Tensor): PointPrediction[] {
    const best = outputs.argMax(-1).arraySync() as number[]
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
