/**
 * @module model-manager
 * Trains a model on its training dataset (RUNTIME.md §7, with its quirks fixed, §9): every `evaluateEvery`
 * global steps it saves a checkpoint and evaluates batches of the **held-out** evaluation dataset, writing
 * the evaluation outputs; after the last step it saves a final checkpoint and evaluates the whole
 * evaluation dataset once. Losses and metrics go to TensorBoard event files and JSON lines. A stop request
 * (Ctrl-C) ends the run after the current step with a checkpoint, and the evaluation output is always
 * published complete, whatever ends the run.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import pkg from '../../package.json' with { type: 'json' }
import type { BaseData } from '../data/base-data.ts'
import { schemaOfDataClass } from '../data/typebox-schema.ts'
import type { Dataset } from '../dataset/dataset.ts'
import { pinDataset } from '../dataset/dataset.ts'
import { checksumOf, type DatasetDir } from '../dataset/dataset-dir.ts'
import { renderDependencyEntry } from '../dataset/def-file.ts'
import { loadRepoInfo, type RepoInfo } from '../dataset/repo-info.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { startProgress } from '../progress.ts'
import type { AnyBatchProcessor } from './base-batch-processor.ts'
import type { AnyModel } from './base-model.ts'
import { batchesOf } from './batch-stream.ts'
import { CHECKPOINT_FORMAT, type CheckpointFiles, type CheckpointSignature } from './checkpoint.ts'
import { type JsonValue, jsonValueOfTree } from './json-value.ts'
import { loadModelWeights, loadOptimizerWeights, tensorSpecsOf } from './model-io.ts'
import { disposeTensors } from './tensors.ts'
import type { Tf } from './tf.ts'
import { assertModel, type ResolvedTrainingSetup } from './training.ts'
import { Averages, TrainingRun } from './training-run.ts'

type Optimizer = import('@tensorflow/tfjs').Optimizer

/** Where a run starts from when it continues an earlier one. */
export interface RestoredRun {
  files: CheckpointFiles
  directory: string
  batchProcessor: AnyBatchProcessor
  model: AnyModel
}

/** Options of {@link runTraining}. */
export interface RunTrainingOptions {
  /** Training steps in this run. @default the setup's `steps` */
  steps?: number
  /** The checkpoint to continue from, already rebuilt (see `restoreRun`). */
  restored?: RestoredRun
  /** The training script, recorded in checkpoints so that `hypergol serve` can rebuild the model. */
  script?: string
  /** The project files the training script imports, with their SHA-1s (see `code-skew.ts`). */
  sources?: { [path: string]: string }
  /** Git facts recorded as the code that trained (default: read from git now). */
  repoInfo?: RepoInfo
  /** Stops after the current step, with a checkpoint (what Ctrl-C does). */
  signal?: AbortSignal
  /** The local date of the long name. @default now */
  now?: Date
}

/** What a training run did. */
export interface TrainingReport {
  modelName: string
  longName: string
  /** The global step reached. */
  step: number
  /** Checkpoint directories written, in order. */
  checkpoints: string[]
  /** Loss and metrics of the final evaluation over the whole evaluation dataset (absent when stopped). */
  finalMetrics: { [name: string]: number } | undefined
  /** The published evaluation output dataset. */
  evaluationOutput: string
  stopped: boolean
  /** Mean loss of the training steps of this run. */
  meanTrainingLoss: number
  /** Objects trained on in this run (steps × batch size). */
  samples: number
  /** Seconds of the training steps: waiting for batches, making tensors, and the optimiser's steps. */
  trainingSeconds: number
  /** The part of {@link trainingSeconds} spent waiting for batches and turning them into tensors. */
  dataSeconds: number
}

const yyyymmdd = (date: Date): string =>
  `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}`

/** The original's long name: `<ModelClass>_<YYYYMMDD>_<commit>` (RUNTIME.md §7), local date. */
const longNameOf = (modelName: string, commitHash: string, date: Date): string =>
  `${modelName}_${yyyymmdd(date)}_${commitHash}`

/** `<location>/<project>/<branch>/models`, next to the training dataset (FORMAT.md §1). */
const modelsDirOf = (dataset: Dataset<BaseData>): string =>
  join(dataset.location, dataset.project, dataset.branch, 'models')

/** `<location>/<project>/tensorboard/<branch>/<ModelName>` (RUNTIME.md §7). */
const metricsDirOf = (dataset: Dataset<BaseData>, modelName: string): string =>
  join(dataset.location, dataset.project, 'tensorboard', dataset.branch, modelName)

/** Step directories under `models/<ModelName>/`, in step order. */
const listCheckpointSteps = (modelDir: string): number[] =>
  existsSync(modelDir)
    ? readdirSync(modelDir)
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .sort((a, b) => a - b)
    : []

const assertNoEarlierRun = (modelsDir: string, modelName: string): void => {
  const modelDir = join(modelsDir, modelName)
  const steps = listCheckpointSteps(modelDir)
  if (steps.length === 0) return
  throw new HypergolError(
    'E_CHECKPOINT_EXISTS',
    `${modelDir} already holds checkpoints of ${modelName} (steps ${steps.join(', ')})`,
    {
      hint: `Continue that run with --restore ${join(modelDir, String(steps[steps.length - 1]))}, or move ${modelDir} away to start over.`,
    },
  )
}

/**
 * A failure of user code (the model, the batch processor, the training script) as one line naming where it
 * happened; hypergol's own errors pass through.
 */
const trainingFailure = (error: unknown, where: string): Error =>
  error instanceof HypergolError || !(error instanceof Error)
    ? (error as Error)
    : new HypergolError('E_TRAINING_FAILED', `${where}: ${error.message}`, {
        cause: error,
        hint: 'Fix the model, batch processor or training script and rerun; --debug prints the stack trace.',
      })

/** Runs `call` (user code named `what`), its failures made {@link trainingFailure}s. */
const userCode = async <T>(call: () => T | Promise<T>, what: string): Promise<T> => {
  try {
    return await call()
  } catch (error) {
    throw trainingFailure(error, `${what} failed`)
  }
}

/**
 * Trains `setup`'s model (or the restored one) for `steps` steps.
 *
 * @throws HypergolError E_CHECKPOINT_EXISTS (an earlier run's checkpoints, when not restoring),
 *   E_DATASET_EXISTS (the evaluation output), E_DATASET_INCOMPLETE, E_DATASET_EMPTY, E_MODEL_DEFINITION,
 *   E_TRAINING_FAILED (user code threw).
 */
export const runTraining = async (
  tf: Tf,
  setup: ResolvedTrainingSetup,
  options: RunTrainingOptions = {},
): Promise<TrainingReport> => {
  const training = setup.trainingDataset
  const trainingDir = training.load()
  const trainingChecksum = checksumOf(trainingDir)
  const evaluationChecksum = setup.evaluationDataset.checksum()
  // The checkpoints record these checksums: every batch must come from exactly these versions, for the
  // length of the run; a finished or failed run lets them go.
  const recordedBy = 'the training run, which started with it'
  pinDataset(training, { checksum: trainingChecksum, recordedBy, verify: true })
  pinDataset(setup.evaluationDataset, { checksum: evaluationChecksum, recordedBy, verify: true })
  try {
    return await runPinnedTraining(tf, setup, options, { trainingDir, trainingChecksum, evaluationChecksum })
  } finally {
    pinDataset(training, undefined)
    pinDataset(setup.evaluationDataset, undefined)
  }
}

/** The training and evaluation datasets as {@link runTraining} pinned them. */
interface PinnedData {
  trainingDir: DatasetDir
  trainingChecksum: string
  evaluationChecksum: string
}

/** {@link runTraining} once its datasets are pinned. */
const runPinnedTraining = async (
  tf: Tf,
  setup: ResolvedTrainingSetup,
  options: RunTrainingOptions,
  { trainingDir, trainingChecksum, evaluationChecksum }: PinnedData,
): Promise<TrainingReport> => {
  const logger = getLogger()
  const training = setup.trainingDataset
  const restored = options.restored
  const batchProcessor = restored?.batchProcessor ?? setup.batchProcessor
  const modelsDir = modelsDirOf(training)
  if (restored === undefined)
    await userCode(() => batchProcessor.prepare(training), 'batchProcessor.prepare()')
  const model =
    restored?.model ??
    assertModel(
      await userCode(() => setup.model(batchProcessor), 'model(batchProcessor)'),
      'model(batchProcessor)',
    )
  if (restored === undefined) assertNoEarlierRun(modelsDir, model.modelName)
  const repoInfo = options.repoInfo ?? loadRepoInfo(process.cwd(), { excluding: training.location })
  model.longName = longNameOf(model.modelName, repoInfo.commitHash, options.now ?? new Date())
  model.trainingDataChecksum = trainingChecksum

  const output = setup.evaluationOutput
  output.dependencies.length = 0
  output.addDependency(training)
  output.addDependency(setup.evaluationDataset)
  const writer = output.openWriter({ repoInfo })
  const signatureBase = {
    format: CHECKPOINT_FORMAT,
    modelName: model.modelName,
    longName: model.longName,
    trainingData: {
      name: training.name,
      directory: training.directory,
      checksum: trainingChecksum,
      def: jsonValueOfTree(renderDependencyEntry(trainingDir.defTree, trainingChecksum)),
    },
    evaluationData: {
      name: setup.evaluationDataset.name,
      directory: setup.evaluationDataset.directory,
      checksum: evaluationChecksum,
    },
    repo: {
      branchName: repoInfo.branchName,
      commitHash: repoInfo.commitHash,
      commitMessage: repoInfo.commitMessage,
      comitterName: repoInfo.comitterName,
      comitterEmail: repoInfo.comitterEmail,
    },
    uncommitted: repoInfo.uncommitted ?? null,
    hypergolVersion: pkg.version,
    script: options.script ?? null,
    ...(options.sources === undefined ? {} : { sources: options.sources }),
    inputClass: batchProcessor.inputClass.name,
    outputClass: batchProcessor.outputClass.name,
    inputSchema: schemaOfDataClass(batchProcessor.inputClass) as unknown as JsonValue,
    outputSchema: schemaOfDataClass(batchProcessor.outputClass) as unknown as JsonValue,
  } satisfies Omit<CheckpointSignature, 'step' | 'savedAt' | 'inputSpecs' | 'batchProcessor' | 'optimizer'>

  let run: TrainingRun
  let optimizer: Optimizer
  try {
    optimizer = setup.optimizer?.() ?? tf.train.adam(0.001)
    run = new TrainingRun(
      tf,
      model,
      batchProcessor,
      optimizer,
      writer,
      signatureBase,
      restored?.files.signature.step ?? 0,
      metricsDirOf(training, model.modelName),
    )
  } catch (error) {
    writer.abort()
    throw error
  }
  const steps = options.steps ?? setup.steps
  const trainBatches = batchesOf(training, setup.batchSize)
  const evaluationBatches = batchesOf(setup.evaluationDataset, setup.batchSize)
  let published = false
  let lossSum = 0
  let trained = 0
  let finalMetrics: { [name: string]: number } | undefined
  const progress = startProgress(`train ${model.modelName}`, steps, 'steps')
  try {
    const first = await trainBatches.next()
    if (first.done) throw new Error('unreachable: batchesOf never ends')
    let pending: BaseData[] | undefined = first.value
    if (restored !== undefined) {
      run.prepare(restored.files.signature.inputSpecs)
      loadModelWeights(tf, model, restored.files, restored.directory)
      // Slots are created on the first update; restoring them first gives Adam its moments back.
      await loadOptimizerWeights(tf, optimizer, restored.files)
      // The restored step's checkpoint and evaluation exist already.
      run.markSaved()
    } else {
      const { inputs, targets } = batchProcessor.processTrainingBatch(pending)
      const specs = tensorSpecsOf(inputs)
      disposeTensors(inputs, targets)
      run.prepare(specs)
    }
    const restoredStep = restored === undefined ? -1 : run.globalStep
    let readingSeconds = 0
    let stepSeconds = 0
    for (let done = 0; done < steps; done++) {
      if (options.signal?.aborted) break
      if (run.globalStep % setup.evaluateEvery === 0 && run.globalStep !== restoredStep) {
        await run.checkpoint(modelsDir)
        const averages = new Averages()
        for (let b = 0; b < setup.evaluationBatches; b++) {
          const next = await evaluationBatches.next()
          if (next.done) break
          averages.add(run.evaluateBatch(next.value))
        }
        run.recordEvaluation(averages.values)
      }
      const waitStarted = performance.now()
      const batch = pending ?? (await trainBatches.next()).value
      readingSeconds += (performance.now() - waitStarted) / 1000
      pending = undefined
      if (batch === undefined) break
      const stepStarted = performance.now()
      const loss = run.trainStep(batch)
      stepSeconds += (performance.now() - stepStarted) / 1000
      lossSum += loss
      trained++
      progress.update(done + 1, `loss ${loss.toFixed(4)}`)
      if (trained % 20 === 0) run.flushMetrics()
      // Lets a Ctrl-C arrive between steps.
      if (trained % 5 === 0) await Bun.sleep(0)
    }
    progress.finish()
    run.flushMetrics()
    await run.checkpoint(modelsDir)
    const stopped = options.signal?.aborted === true
    if (!stopped) {
      const averages = new Averages()
      for await (const batch of batchesOf(setup.evaluationDataset, setup.batchSize, { once: true })) {
        averages.add(run.evaluateBatch(batch))
        if (options.signal?.aborted) break
      }
      finalMetrics = averages.values
      run.recordEvaluation(finalMetrics)
    }
    const result = writer.close()
    published = true
    logger.success(
      `${model.modelName}: ${trained} steps to global step ${run.globalStep}, ${run.saved.length} checkpoints; evaluation outputs in ${result.directory}`,
    )
    return {
      modelName: model.modelName,
      longName: model.longName,
      step: run.globalStep,
      checkpoints: run.saved,
      finalMetrics,
      evaluationOutput: result.directory,
      stopped: options.signal?.aborted === true,
      meanTrainingLoss: trained === 0 ? Number.NaN : lossSum / trained,
      samples: trained * setup.batchSize,
      trainingSeconds: readingSeconds + stepSeconds,
      dataSeconds: readingSeconds + run.preparingSeconds,
    }
  } catch (error) {
    throw trainingFailure(error, `training ${model.modelName} failed at global step ${run.globalStep}`)
  } finally {
    progress.finish()
    await trainBatches.return(undefined)
    await evaluationBatches.return(undefined)
    if (!published) {
      // Whatever failed, the evaluations done so far are complete objects: publish them (the original's
      // `finally: batchProcessor.finish()`); only a failing writer, or no evaluation at all, leaves nothing
      // (an empty dataset would only stand in the way of the rerun).
      try {
        if (writer.count > 0) writer.close()
        else writer.abort()
      } catch {
        writer.abort()
      }
    }
  }
}
