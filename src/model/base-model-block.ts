/**
 * @module base-model-block
 * `BaseModelBlock`: a reusable piece of a model (an encoder, a tagger head…) built from tfjs layers and a
 * plain JSON config. The config is all a checkpoint needs to build the block again; the weights of the
 * layers it holds are found by walking its properties, so a block declares layers and nothing else.
 */
import type * as tf from '@tensorflow/tfjs'
import type { JsonValue } from './json-value.ts'

/** A tfjs layer, recognised by shape: hypergol does not load tfjs until a model trains or serves. */
export type Layer = tf.layers.Layer

/** Whether `value` is a tfjs layer (or a tfjs model, which is a layer too). */
const isLayer = (value: unknown): value is Layer =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Layer).apply === 'function' &&
  typeof (value as Layer).getWeights === 'function' &&
  typeof (value as Layer).setWeights === 'function' &&
  'trainableWeights' in value

/**
 * A block of a model. Subclasses create their tfjs layers as properties (single layers, or arrays of them)
 * from `this.config` and combine them in their own methods; the model calls those methods.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs'
 * import { BaseModelBlock } from 'hypergol'
 *
 * export class TokenEncoder extends BaseModelBlock<{ vocabularySize: number; dimension: number }> {
 *   readonly embedding = tf.layers.embedding({ inputDim: this.config.vocabularySize, outputDim: this.config.dimension })
 *   readonly lstm = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 32, returnSequences: true }) })
 *
 *   encode(tokenIds: tf.Tensor): tf.Tensor {
 *     return this.lstm.apply(this.embedding.apply(tokenIds)) as tf.Tensor
 *   }
 * }
 */
export class BaseModelBlock<Config extends { [key: string]: JsonValue } = { [key: string]: JsonValue }> {
  /** The block's options: plain JSON, recorded in every checkpoint. */
  readonly config: Config

  constructor(config: Config) {
    this.config = config
  }

  /**
   * The layers whose weights belong to this block, each under a name stable across processes (the
   * property name, with `[i]` for arrays). Override only to hold layers somewhere other than properties.
   */
  namedLayers(): [name: string, layer: Layer][] {
    const found: [string, Layer][] = []
    for (const [key, value] of Object.entries(this)) {
      if (isLayer(value)) found.push([key, value])
      else if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) if (isLayer(item)) found.push([`${key}[${index}]`, item])
      }
    }
    return found
  }
}
