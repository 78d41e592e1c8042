/**
 * @module base-batch-processor
 * `BaseBatchProcessor`: the bridge between data objects and tensors (RUNTIME.md §7). Training turns
 * objects of the training dataset into inputs and targets; evaluation turns outputs back into objects of
 * the evaluation dataset; serving turns request objects into inputs and outputs into response objects.
 */
import type * as tf from '@tensorflow/tfjs'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import type { Dataset } from '../dataset/dataset.ts'
import type { JsonValue } from './json-value.ts'
import type { NamedTensors, Tensors } from './tensors.ts'

/** What a training batch gives the model. */
export interface TrainingBatch<Inputs extends NamedTensors, Targets extends Tensors> {
  inputs: Inputs
  targets: Targets
}

/**
 * Converts between data objects and tensors for one model.
 *
 * - `Training`: the class of the training (and held-out evaluation) datasets;
 * - `Evaluation`: the class of the evaluation outputs dataset;
 * - `Input` / `Output`: the classes a served model takes and answers with.
 *
 * Tensors it returns belong to the caller, which disposes them. Its `config` (plain JSON, such as a
 * vocabulary) is recorded in every checkpoint.
 */
export abstract class BaseBatchProcessor<
  Training extends BaseData = BaseData,
  Evaluation extends BaseData = BaseData,
  Input extends BaseData = BaseData,
  Output extends BaseData = BaseData,
  Inputs extends NamedTensors = NamedTensors,
  Targets extends Tensors = tf.Tensor,
  Outputs extends Tensors = tf.Tensor,
  Config extends { [key: string]: JsonValue } = { [key: string]: JsonValue },
> {
  /** The class of served requests. */
  abstract readonly inputClass: DataClassOf<Input>
  /** The class of served responses. */
  abstract readonly outputClass: DataClassOf<Output>
  /** The processor's options: plain JSON, recorded in every checkpoint. */
  readonly config: Config

  constructor(config: Config) {
    this.config = config
  }

  /**
   * Learns what the processor needs from the training data (a vocabulary, tag set, scaling…) into
   * `config`. Runs once, before training from scratch; never when restoring or serving, which get the
   * config recorded in the checkpoint. @default does nothing
   */
  async prepare(_trainingDataset: Dataset<Training>): Promise<void> {}

  /** Inputs and targets of a training (or evaluation) batch. */
  abstract processTrainingBatch(objects: readonly Training[]): TrainingBatch<Inputs, Targets>

  /**
   * The objects written to the evaluation output dataset for an evaluated batch, from the model's outputs
   * at global step `step`.
   */
  abstract processEvaluationBatch(objects: readonly Training[], outputs: Outputs, step: number): Evaluation[]

  /** Model inputs for a batch of served requests. */
  abstract processInputBatch(objects: readonly Input[]): Inputs

  /** One response object per request object, from the model's outputs. */
  abstract processOutputBatch(objects: readonly Input[], outputs: Outputs): Output[]
}

/** Any batch processor, whatever its classes, tensors and config. */
export type AnyBatchProcessor = BaseBatchProcessor<
  BaseData,
  BaseData,
  BaseData,
  BaseData,
  NamedTensors,
  Tensors,
  Tensors,
  { [key: string]: JsonValue }
>
