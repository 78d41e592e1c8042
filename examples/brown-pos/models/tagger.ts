import * as tf from '@tensorflow/tfjs'
import { BaseModel, type Metrics, type NamedTensors } from 'hypergol'
import type { TokenFeatures } from './blocks/token-features.ts'
import type { WindowClassifier } from './blocks/window-classifier.ts'

/** Targets of a batch: each token's tag id, and 1 for tokens (0 for padding). */
export type TagTargets = { tagIds: tf.Tensor; mask: tf.Tensor }

/** A part-of-speech tagger: token features, then a window classifier; loss and accuracy skip padding. */
export class Tagger extends BaseModel<
  { features: TokenFeatures; classifier: WindowClassifier },
  NamedTensors,
  TagTargets
> {
  getOutputs(inputs: NamedTensors, training: boolean): tf.Tensor {
    const features = this.blocks.features.embed(
      inputs.wordIds as tf.Tensor,
      inputs.suffixIds as tf.Tensor,
      inputs.shapeIds as tf.Tensor,
    )
    return this.blocks.classifier.logits(features, training)
  }

  getLoss(outputs: tf.Tensor, targets: TagTargets): tf.Scalar {
    const tags = this.blocks.classifier.config.tags
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets.tagIds, tags), outputs, targets.mask) as tf.Scalar
  }

  override produceMetrics(outputs: tf.Tensor, targets: TagTargets): Metrics {
    const tokens = targets.mask.sum().dataSync()[0] as number
    const correct = tf.tidy(() =>
      tf.equal(outputs.argMax(-1), targets.tagIds).cast('float32').mul(targets.mask).sum().dataSync(),
    )[0] as number
    // Weighted by the batch's tokens, so the mean over an evaluation is per token, not per sentence.
    return { Accuracy: { value: tokens === 0 ? 0 : correct / tokens, weight: tokens } }
  }
}
