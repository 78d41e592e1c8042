/**
 * @module training
 * What a training script declares: `export default defineTraining((context) => ({ … }))`. The function
 * names the datasets, the batch processor, how to build the model from it, and the schedule; `hypergol
 * train` runs it through the model manager, and `hypergol serve` calls it again (with the checkpoint's
 * step) to find the classes it rebuilds from a checkpoint. It must therefore only build objects: reading
 * data belongs in the batch processor's `prepare`, which runs once, when training starts from scratch.
 */
import type * as tf from '@tensorflow/tfjs'
import type { BaseData } from '../data/base-data.ts'
import { Dataset } from '../dataset/dataset.ts'
import { HypergolError } from '../errors.ts'
import { type AnyBatchProcessor, BaseBatchProcessor } from './base-batch-processor.ts'
import { type AnyModel, BaseModel } from './base-model.ts'

/** What `hypergol train` tells a training script. */
export interface TrainingContext {
  /** The data directory (`--data-dir`, absolute). @default `<cwd>/data` */
  dataDir: string
  /** The current git branch (`dummy` outside a repository), where datasets usually live. */
  branch: string
  /**
   * The global step training starts from: 0, or the step of the checkpoint being restored. Name the
   * evaluation output after it, so that a continued run writes a dataset of its own.
   */
  startStep: number
}

/** A training run, as a training script declares it. */
export interface TrainingSetup<
  Processor extends AnyBatchProcessor = AnyBatchProcessor,
  Model extends AnyModel = AnyModel,
> {
  /** What the model trains on; must be complete (have its `.chk`). */
  trainingDataset: Dataset<BaseData>
  /** Held-out objects of the same class, evaluated every `evaluateEvery` steps and once at the end. */
  evaluationDataset: Dataset<BaseData>
  /** Where evaluation outputs (`processEvaluationBatch`) are written; must not exist yet. */
  evaluationOutput: Dataset<BaseData>
  /** Its `config` is recorded in every checkpoint, after `prepare` has filled it. */
  batchProcessor: Processor
  /** Builds the model; gets the batch processor after `prepare` (a vocabulary size, say). */
  model: (batchProcessor: Processor) => Model
  /** @default `tf.train.adam(0.001)` */
  optimizer?: () => tf.Optimizer
  /** Objects per batch. @default 32 */
  batchSize?: number
  /** Training steps in this run (`--steps` overrides). @default 100 */
  steps?: number
  /** Checkpoint and evaluate every this many global steps. @default 10 */
  evaluateEvery?: number
  /** Batches evaluated at each evaluation step. @default 1 */
  evaluationBatches?: number
}

/** The default export of a training script. */
export type TrainingDefinition = (context: TrainingContext) => TrainingSetup | Promise<TrainingSetup>

/**
 * Declares a training script (identity, for type inference).
 *
 * @example
 * export default defineTraining((context) => {
 *   const factory = new DatasetFactory({ location: context.dataDir, project: 'brown_pos', branch: context.branch })
 *   return {
 *     trainingDataset: factory.get(Sentence, 'training_sentences'),
 *     evaluationDataset: factory.get(Sentence, 'evaluation_sentences'),
 *     evaluationOutput: factory.get(TaggedSentence, `tagged_sentences_${context.startStep}`),
 *     batchProcessor: new TaggerBatchProcessor({ maxLength: 64 }),
 *     model: (processor) => new Tagger({ encoder: new TokenEncoder({ words: processor.config.words.length }) }),
 *     steps: 1000,
 *   }
 * })
 */
export const defineTraining = <Processor extends AnyBatchProcessor, Model extends AnyModel>(
  definition: (
    context: TrainingContext,
  ) => TrainingSetup<Processor, Model> | Promise<TrainingSetup<Processor, Model>>,
): TrainingDefinition => definition as unknown as TrainingDefinition

/** A training setup with its defaults filled in. */
export interface ResolvedTrainingSetup extends Required<Omit<TrainingSetup, 'optimizer'>> {
  optimizer: (() => tf.Optimizer) | undefined
}

const positive = (value: unknown, name: string, fallback: number, where: string): number => {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new HypergolError(
      'E_MODEL_DEFINITION',
      `${where}: ${name} must be a positive integer, got ${String(value)}`,
    )
  }
  return value
}

/**
 * Checks what a training script returned and fills in the defaults.
 *
 * @throws HypergolError E_MODEL_DEFINITION naming the first member that is missing or of the wrong kind.
 */
export const resolveTrainingSetup = (value: unknown, where: string): ResolvedTrainingSetup => {
  const setup = (value ?? {}) as Partial<TrainingSetup>
  const wrong = (name: string, expected: string): never => {
    throw new HypergolError('E_MODEL_DEFINITION', `${where}: ${name} must be ${expected}`, {
      hint: 'The default export is defineTraining((context) => ({ trainingDataset, evaluationDataset, evaluationOutput, batchProcessor, model })) (README, "Training").',
    })
  }
  for (const name of ['trainingDataset', 'evaluationDataset', 'evaluationOutput'] as const) {
    if (!(setup[name] instanceof Dataset)) wrong(name, "a Dataset (from 'hypergol')")
  }
  if (!(setup.batchProcessor instanceof BaseBatchProcessor)) wrong('batchProcessor', 'a BaseBatchProcessor')
  if (typeof setup.model !== 'function') wrong('model', 'a function (batchProcessor) => BaseModel')
  if (setup.optimizer !== undefined && typeof setup.optimizer !== 'function') {
    wrong('optimizer', 'a function () => tf.Optimizer')
  }
  const training = setup.trainingDataset as Dataset<BaseData>
  const evaluation = setup.evaluationDataset as Dataset<BaseData>
  if (evaluation.dataClass !== training.dataClass) {
    wrong('evaluationDataset', `a dataset of ${training.dataClass.name}, like trainingDataset`)
  }
  if (evaluation.directory === training.directory) {
    wrong('evaluationDataset', 'another dataset than trainingDataset (held-out objects)')
  }
  return {
    trainingDataset: training,
    evaluationDataset: evaluation,
    evaluationOutput: setup.evaluationOutput as Dataset<BaseData>,
    batchProcessor: setup.batchProcessor as AnyBatchProcessor,
    model: setup.model as (processor: AnyBatchProcessor) => AnyModel,
    optimizer: setup.optimizer,
    batchSize: positive(setup.batchSize, 'batchSize', 32, where),
    steps: positive(setup.steps, 'steps', 100, where),
    evaluateEvery: positive(setup.evaluateEvery, 'evaluateEvery', 10, where),
    evaluationBatches: positive(setup.evaluationBatches, 'evaluationBatches', 1, where),
  }
}

/** Checks that `model` is what the setup's `model` function must return. */
export const assertModel = (model: unknown, where: string): AnyModel => {
  if (!(model instanceof BaseModel)) {
    throw new HypergolError('E_MODEL_DEFINITION', `${where}: model(batchProcessor) must return a BaseModel`, {
      hint: "Return new YourModel({ …blocks }), where YourModel extends BaseModel from 'hypergol'.",
    })
  }
  return model as AnyModel
}
