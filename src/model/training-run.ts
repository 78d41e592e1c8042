/**
 * @module training-run
 * One training run, step by step: building the model on its first batch, an optimiser step on a batch, an
 * evaluation batch (loss, metrics and the outputs written to the evaluation dataset), the metrics logged, and
 * checkpoints of the current step. The loop that decides when each happens is `model-manager.ts`.
 */
import type { BaseData } from '../data/base-data.ts'
import type { DatasetWriter } from '../dataset/writer.ts'
import { HypergolError } from '../errors.ts'
import type { AnyBatchProcessor } from './base-batch-processor.ts'
import type { AnyModel, Metrics } from './base-model.ts'
import { type CheckpointSignature, checkpointDirOf, type TensorSpec, writeCheckpoint } from './checkpoint.ts'
import { copyJson, type JsonValue } from './json-value.ts'
import { MetricsLog } from './metrics-log.ts'
import { buildModel, renderModelFiles } from './model-io.ts'
import { trainableVariables } from './model-weights.ts'
import { disposeTensors } from './tensors.ts'
import type { Tf } from './tf.ts'

type Optimizer = import('@tensorflow/tfjs').Optimizer
type Scalar = import('@tensorflow/tfjs').Scalar

/** A metric's value and the weight of its batch in an evaluation's mean. */
interface WeightedValue {
  value: number
  weight: number
}

/** The model's metrics as numbers (scalar tensors read and disposed), weighted by `objects` by default. */
const metricValues = (metrics: Metrics, objects: number): { [name: string]: WeightedValue } => {
  const values: { [name: string]: WeightedValue } = {}
  const read = (metric: number | Scalar): number => {
    if (typeof metric === 'number') return metric
    const value = metric.dataSync()[0] as number
    metric.dispose()
    return value
  }
  for (const [name, metric] of Object.entries(metrics)) {
    values[name] =
      typeof metric === 'object' && 'weight' in metric
        ? { value: read(metric.value), weight: metric.weight }
        : { value: read(metric), weight: objects }
  }
  return values
}

/**
 * One training run's state (the model, its optimiser, the global step) and what it does: a training step, an
 * evaluation batch, a checkpoint. `model-manager.ts` drives it.
 */
export class TrainingRun {
  private readonly modelName: string
  private readonly checkpoints: string[] = []
  private readonly metrics: MetricsLog
  private inputSpecs: { [name: string]: TensorSpec } | undefined
  private variables: import('@tensorflow/tfjs').Variable[] = []
  private lastSaved = -1

  constructor(
    private readonly tf: Tf,
    private readonly model: AnyModel,
    private readonly batchProcessor: AnyBatchProcessor,
    private readonly optimizer: Optimizer,
    private readonly writer: DatasetWriter<BaseData>,
    private readonly signatureBase: Omit<
      CheckpointSignature,
      'step' | 'savedAt' | 'inputSpecs' | 'batchProcessor' | 'optimizer'
    >,
    private step: number,
    metricsDir: string,
  ) {
    this.modelName = model.modelName
    this.metrics = new MetricsLog(metricsDir)
  }

  get globalStep(): number {
    return this.step
  }

  get saved(): string[] {
    return this.checkpoints
  }

  /** Builds the layers on the first batch's shapes (or the restored ones) and fixes the variable order. */
  prepare(inputSpecs: { [name: string]: TensorSpec }): void {
    this.inputSpecs = inputSpecs
    buildModel(this.tf, this.model, inputSpecs)
    this.variables = trainableVariables(this.model)
    if (this.variables.length === 0) {
      throw new HypergolError(
        'E_MODEL_DEFINITION',
        `${this.modelName} has no trainable weights after its first batch`,
        {
          hint: 'A block holds its tfjs layers as properties, and getOutputs uses them (README, "Training").',
        },
      )
    }
  }

  /** Seconds of training steps spent turning objects into tensors. */
  preparingSeconds = 0

  /** One optimiser step on `batch`; returns the loss. */
  trainStep(batch: BaseData[]): number {
    const started = performance.now()
    const { inputs, targets } = this.batchProcessor.processTrainingBatch(batch)
    this.preparingSeconds += (performance.now() - started) / 1000
    try {
      const loss = this.optimizer.minimize(
        () => this.model.getLoss(this.model.getOutputs(inputs, true), targets, inputs),
        true,
        this.variables,
      )
      if (loss === null) throw new Error('the optimizer returned no loss')
      const value = loss.dataSync()[0] as number
      loss.dispose()
      if (!Number.isFinite(value)) {
        throw new HypergolError('E_MODEL_DEFINITION', `the loss of step ${this.step} is ${value}`, {
          hint: 'Lower the learning rate, or check getLoss and the targets of the batch processor.',
        })
      }
      this.metrics.add('train', this.step, 'Loss', value)
      this.step++
      return value
    } finally {
      disposeTensors(inputs, targets)
    }
  }

  /** Evaluates `batch`: loss and metrics (returned), outputs appended to the evaluation output. */
  evaluateBatch(batch: BaseData[]): { [name: string]: WeightedValue } {
    const { inputs, targets } = this.batchProcessor.processTrainingBatch(batch)
    try {
      // tidy: the model's intermediate tensors go; only the outputs (and the metrics' scalars) stay.
      const outputs = this.tf.tidy(() => this.model.getEvaluationOutputs(inputs))
      try {
        const loss = this.tf.tidy(() => this.model.getLoss(outputs, targets, inputs))
        const result = {
          Loss: { value: loss.dataSync()[0] as number, weight: batch.length },
          ...metricValues(
            this.tf.tidy(() => this.model.produceMetrics(outputs, targets, inputs)),
            batch.length,
          ),
        }
        loss.dispose()
        for (const object of this.batchProcessor.processEvaluationBatch(batch, outputs, this.step))
          this.writer.append(object)
        return result
      } finally {
        disposeTensors(outputs)
      }
    } finally {
      disposeTensors(inputs, targets)
    }
  }

  /** Records averaged values of an evaluation at the current step. */
  recordEvaluation(values: { [name: string]: number }): void {
    for (const [name, value] of Object.entries(values)) this.metrics.add('evaluate', this.step, name, value)
    this.metrics.flush()
  }

  flushMetrics(): void {
    this.metrics.flush()
  }

  /** Counts the current step as saved: a restored run's checkpoint exists already. */
  markSaved(): void {
    this.lastSaved = this.step
  }

  /** Saves a checkpoint of the current step, unless this step is already saved. */
  async checkpoint(modelsDir: string): Promise<void> {
    if (this.lastSaved === this.step || this.inputSpecs === undefined) return
    const directory = checkpointDirOf(modelsDir, this.modelName, this.step)
    const files = await renderModelFiles(this.tf, this.model, this.optimizer)
    const signature: CheckpointSignature = {
      ...this.signatureBase,
      step: this.step,
      savedAt: new Date().toISOString(),
      inputSpecs: this.inputSpecs,
      batchProcessor: {
        class: this.batchProcessor.constructor.name,
        config: copyJson(this.batchProcessor.config),
      },
      optimizer: {
        class: this.optimizer.getClassName(),
        config: this.optimizer.getConfig() as unknown as JsonValue,
      },
    }
    writeCheckpoint(directory, { ...files, signature })
    this.lastSaved = this.step
    this.checkpoints.push(directory)
  }
}

/** Averages per-batch values, each by its own weight. */
export class Averages {
  private readonly sums: { [name: string]: WeightedValue } = {}

  add(values: { [name: string]: WeightedValue }): void {
    for (const [name, { value, weight }] of Object.entries(values)) {
      const sum = this.sums[name] ?? { value: 0, weight: 0 }
      sum.value += value * weight
      sum.weight += weight
      this.sums[name] = sum
    }
  }

  get values(): { [name: string]: number } {
    return Object.fromEntries(
      Object.entries(this.sums).map(([name, sum]) => [name, sum.weight === 0 ? 0 : sum.value / sum.weight]),
    )
  }
}
