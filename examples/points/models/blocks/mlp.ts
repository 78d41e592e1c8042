import * as tf from '@tensorflow/tfjs'
import { BaseModelBlock } from 'hypergol'

/** Two dense layers: a block holds its layers as properties, built from its config. */
export class Mlp extends BaseModelBlock<{ hidden: number; classes: number }> {
  readonly hidden = tf.layers.dense({ units: this.config.hidden, activation: 'relu' })
  readonly output = tf.layers.dense({ units: this.config.classes })

  logits(x: tf.Tensor): tf.Tensor {
    return this.output.apply(this.hidden.apply(x)) as tf.Tensor
  }
}
