/**
 * @module base-model
 * `BaseModel`: the original's model contract (RUNTIME.md §7) on tfjs. A model is made of blocks (its
 * constructor argument) and says how inputs become outputs, how outputs and targets give the loss, and
 * which metrics to record; the model manager trains it, and a checkpoint rebuilds it from the blocks'
 * configs. Its identity (long name, training data checksum) ties every output back to its training data.
 */
import type * as tf from '@tensorflow/tfjs'
import type { BaseModelBlock, Layer } from './base-model-block.ts'
import type { NamedTensors, Tensors } from './tensors.ts'

/** The blocks of a model, by name (the name is how checkpoints find a block's weights). */
// biome-ignore lint/suspicious/noExplicitAny: any block config; each block types its own.
export type ModelBlocks = { [name: string]: BaseModelBlock<any> }

/**
 * Metrics a model reports for an evaluated batch: numbers, or scalar tensors hypergol reads and disposes.
 * An evaluation averages each over its batches weighted by their objects, or by the `weight` a metric
 * gives (say, its batch's token count, for an accuracy per token).
 */
export type Metrics = { [name: string]: number | tf.Scalar | { value: number | tf.Scalar; weight: number } }

/**
 * A model. Subclasses implement `getOutputs` and `getLoss`, and may add metrics.
 *
 * @example
 * export class Tagger extends BaseModel<{ encoder: TokenEncoder; head: TagHead }> {
 *   getOutputs(inputs: NamedTensors, training: boolean): tf.Tensor {
 *     return this.blocks.head.tag(this.blocks.encoder.encode(inputs.tokenIds!), training)
 *   }
 *   getLoss(outputs: tf.Tensor, targets: tf.Tensor): tf.Scalar {
 *     return tf.losses.softmaxCrossEntropy(targets, outputs) as tf.Scalar
 *   }
 * }
 */
export abstract class BaseModel<
  Blocks extends ModelBlocks = ModelBlocks,
  Inputs extends NamedTensors = NamedTensors,
  Targets extends Tensors = tf.Tensor,
  Outputs extends Tensors = tf.Tensor,
> {
  /** The blocks, as given; their configs are recorded in every checkpoint. */
  readonly blocks: Blocks
  /**
   * `<ModelClass>_<YYYYMMDD>_<commit>` once trained or loaded from a checkpoint (RUNTIME.md §7); the class
   * name before that.
   */
  longName: string
  /** The checksum of the dataset the model was trained on; `''` before training. */
  trainingDataChecksum = ''

  constructor(blocks: Blocks) {
    this.blocks = blocks
    this.longName = this.modelName
  }

  /** The model's name: its class name. Checkpoints go to `…/models/<modelName>/<step>/`. */
  get modelName(): string {
    return this.constructor.name
  }

  /** The outputs for a batch of inputs; `training` is true in training steps (dropout and the like). */
  abstract getOutputs(inputs: Inputs, training: boolean): Outputs

  /** The loss of a batch, a scalar to minimise. */
  abstract getLoss(outputs: Outputs, targets: Targets, inputs: Inputs): tf.Scalar

  /** The outputs written to the evaluation dataset. @default `getOutputs(inputs, false)` */
  getEvaluationOutputs(inputs: Inputs): Outputs {
    return this.getOutputs(inputs, false)
  }

  /** Metrics recorded at evaluation steps next to the loss, e.g. accuracy. @default none */
  produceMetrics(_outputs: Outputs, _targets: Targets, _inputs: Inputs): Metrics {
    return {}
  }

  /** Every layer of every block, named `<block>.<layer>`, in a fixed order. */
  namedLayers(): [name: string, layer: Layer][] {
    return Object.entries(this.blocks).flatMap(([blockName, block]) =>
      block.namedLayers().map(([layerName, layer]): [string, Layer] => [`${blockName}.${layerName}`, layer]),
    )
  }
}

/** Any model, whatever its blocks and tensors. */
export type AnyModel = BaseModel<ModelBlocks, NamedTensors, Tensors, Tensors>
