import * as tf from '@tensorflow/tfjs'
import { BaseModel, type Metrics, type NamedTensors } from 'hypergol'
import type { Mlp } from './blocks/mlp.ts'

/** Logits over the quadrants; trained with softmax cross-entropy, reporting accuracy. */
export class PointClassifier extends BaseModel<{ mlp: Mlp }> {
  getOutputs(inputs: NamedTensors): tf.Tensor {
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
