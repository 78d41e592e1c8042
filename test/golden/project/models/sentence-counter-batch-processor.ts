import * as tf from '@tensorflow/tfjs'
import { BaseBatchProcessor, type Dataset, type NamedTensors } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'
import { TokenCount } from '../data-models/token-count.ts'

/**
 * Turns Sentence objects into the tensors SentenceCounter trains on, its outputs into TokenCount
 * objects at evaluations, and, served, Sentence requests into inputs and outputs into TokenCount responses.
 * Tensors returned here belong to hypergol, which disposes them.
 */
export class SentenceCounterBatchProcessor extends BaseBatchProcessor<
  Sentence,
  TokenCount,
  Sentence,
  TokenCount,
  NamedTensors,
  tf.Tensor,
  tf.Tensor
> {
  readonly inputClass = Sentence
  readonly outputClass = TokenCount

  /**
   * Learns what the processor needs from the training data (a vocabulary, a label set) into this.config.
   * Runs once, when training starts from scratch; checkpoints record the config for restoring and serving.
   */
  override async prepare(_trainingDataset: Dataset<Sentence>): Promise<void> {}

  /**
   * The model's inputs (named tensors) and targets for a batch of training objects, e.g.
   * `{ inputs: { x: tf.tensor2d(objects.map((o) => [o.a, o.b])) }, targets: tf.oneHot(labels, n) }`.
   */
  processTrainingBatch(objects: readonly Sentence[]): { inputs: NamedTensors; targets: tf.Tensor } {
    throw new Error('not implemented: SentenceCounterBatchProcessor.processTrainingBatch()')
  }

  /** The TokenCount objects written to the evaluation output for an evaluated batch, at global step `step`. */
  processEvaluationBatch(objects: readonly Sentence[], outputs: tf.Tensor, step: number): TokenCount[] {
    throw new Error('not implemented: SentenceCounterBatchProcessor.processEvaluationBatch()')
  }

  /** The model's inputs for a batch of served requests. */
  processInputBatch(objects: readonly Sentence[]): NamedTensors {
    throw new Error('not implemented: SentenceCounterBatchProcessor.processInputBatch()')
  }

  /** One response per request, from the model's outputs. */
  processOutputBatch(objects: readonly Sentence[], outputs: tf.Tensor): TokenCount[] {
    throw new Error('not implemented: SentenceCounterBatchProcessor.processOutputBatch()')
  }
}
