import * as tf from '@tensorflow/tfjs'
import { BaseModel, type NamedTensors } from 'hypergol'
import type { Encoder } from './blocks/encoder.ts'

/** SentenceCounter: say here what the model predicts. */
export class SentenceCounter extends BaseModel<{ encoder: Encoder }> {
  /**
   * The outputs for a batch of inputs, the tensors SentenceCounterBatchProcessor makes; `training` is true in
   * training steps (dropout and the like). Combine the blocks here, e.g. `this.blocks.encoder.apply(…)`.
   */
  getOutputs(inputs: NamedTensors, training: boolean): tf.Tensor {
    throw new Error('not implemented: SentenceCounter.getOutputs()')
  }

  /** The loss to minimise, e.g. `tf.losses.softmaxCrossEntropy(targets, outputs) as tf.Scalar`. */
  getLoss(outputs: tf.Tensor, targets: tf.Tensor): tf.Scalar {
    throw new Error('not implemented: SentenceCounter.getLoss()')
  }

  // Optional: override produceMetrics(outputs, targets) to report e.g. { Accuracy } at each evaluation.
}
