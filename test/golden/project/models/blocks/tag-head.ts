import * as tf from '@tensorflow/tfjs'
import { BaseModelBlock } from 'hypergol'

/**
 * TagHead: say here what this block computes. Its config is plain JSON: it is recorded in every
 * checkpoint, and the block is rebuilt from it to restore or serve the model.
 */
export class TagHead extends BaseModelBlock<{ units: number }> {
  // The block's tfjs layers, as properties built from this.config: their weights are saved from there.
  readonly dense = tf.layers.dense({ units: this.config.units })

  /** What the block computes, e.g. `return this.dense.apply(input) as tf.Tensor`. */
  apply(input: tf.Tensor): tf.Tensor {
    throw new Error('not implemented: TagHead.apply()')
  }
}
