import * as tf from '@tensorflow/tfjs'
import { BaseModelBlock } from 'hypergol'

/** Embeddings of a token's word, suffix and shape, side by side: `[batch, length, wordDim + suffixDim + shapeDim]`. */
export class TokenFeatures extends BaseModelBlock<{
  words: number
  suffixes: number
  shapes: number
  wordDim: number
  suffixDim: number
  shapeDim: number
}> {
  readonly wordEmbedding = tf.layers.embedding({
    inputDim: this.config.words,
    outputDim: this.config.wordDim,
  })
  readonly suffixEmbedding = tf.layers.embedding({
    inputDim: this.config.suffixes,
    outputDim: this.config.suffixDim,
  })
  readonly shapeEmbedding = tf.layers.embedding({
    inputDim: this.config.shapes,
    outputDim: this.config.shapeDim,
  })

  embed(wordIds: tf.Tensor, suffixIds: tf.Tensor, shapeIds: tf.Tensor): tf.Tensor {
    return tf.concat(
      [
        this.wordEmbedding.apply(wordIds) as tf.Tensor,
        this.suffixEmbedding.apply(suffixIds) as tf.Tensor,
        this.shapeEmbedding.apply(shapeIds) as tf.Tensor,
      ],
      -1,
    )
  }
}
