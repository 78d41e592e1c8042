import * as tf from '@tensorflow/tfjs'
import { BaseModelBlock } from 'hypergol'

/**
 * Tags each token from the features of the tokens around it (`window` on each side), through one hidden
 * layer: a convolution written as shifted copies and dense layers, which train fast on the WASM backend.
 */
export class WindowClassifier extends BaseModelBlock<{
  window: number
  hidden: number
  tags: number
  dropout: number
}> {
  readonly hidden = tf.layers.dense({ units: this.config.hidden, activation: 'relu' })
  readonly dropout = tf.layers.dropout({ rate: this.config.dropout })
  readonly output = tf.layers.dense({ units: this.config.tags })

  /** Logits `[batch, length, tags]` from features `[batch, length, features]`. */
  logits(features: tf.Tensor, training: boolean): tf.Tensor {
    const { window } = this.config
    const length = features.shape[1] as number
    const padded = tf.pad(features, [
      [0, 0],
      [window, window],
      [0, 0],
    ])
    const shifted = Array.from({ length: 2 * window + 1 }, (_, offset) =>
      padded.slice([0, offset, 0], [-1, length, -1]),
    )
    const hidden = this.hidden.apply(tf.concat(shifted, -1)) as tf.Tensor
    return this.output.apply(this.dropout.apply(hidden, { training }) as tf.Tensor) as tf.Tensor
  }
}
