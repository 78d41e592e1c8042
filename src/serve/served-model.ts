/**
 * @module served-model
 * What `hypergol serve` serves: a checkpoint rebuilt with the project's own classes. The checkpoint names
 * the training script that built it (relative to the project), which gives the model, its blocks and its
 * batch processor; the weights and the processor's config come from the checkpoint. `predict` is the whole
 * of serving a batch: request objects → `processInputBatch` → `getOutputs` → `processOutputBatch`.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { schemaOfDataClass } from '../data/typebox-schema.ts'
import type { JsonObject } from '../dataset/def-file.ts'
import { loadBranchName } from '../dataset/repo-info.ts'
import { lineageOf } from '../dataset/summary.ts'
import { HypergolError } from '../errors.ts'
import type { AnyBatchProcessor } from '../model/base-batch-processor.ts'
import type { AnyModel } from '../model/base-model.ts'
import { type CheckpointFiles, type CheckpointSignature, readCheckpoint } from '../model/checkpoint.ts'
import { checkTrainingCode } from '../model/code-skew.ts'
import type { JsonValue } from '../model/json-value.ts'
import { loadTf, type Tf } from '../model/tf.ts'
import { loadTrainingScript, restoreRun } from '../model/train-file.ts'

/** A loaded checkpoint, ready to answer requests. */
export interface ServedModel {
  /** The checkpoint directory, absolute. */
  directory: string
  signature: CheckpointSignature
  model: AnyModel
  batchProcessor: AnyBatchProcessor
  inputClass: DataClassOf
  outputClass: DataClassOf
  /**
   * One output object per request object, in order.
   *
   * @throws HypergolError E_REQUEST_REJECTED when `processInputBatch` throws (the request does not suit
   *   the model), E_SERVING_FAILED when the rest of the project's code throws or breaks the contract.
   */
  predict(objects: readonly BaseData[]): BaseData[]
}

/**
 * The body of `GET /lineage`: the model's identity, the commit that trained it, and the lineage tree of its
 * training data (each dataset with the checksum its dependant recorded).
 */
export const lineageBodyOf = (signature: CheckpointSignature): JsonValue => {
  const def = signature.trainingData.def as JsonObject
  return {
    longName: signature.longName,
    modelName: signature.modelName,
    step: signature.step,
    savedAt: signature.savedAt,
    repo: signature.repo,
    trainingData: {
      name: signature.trainingData.name,
      checksum: signature.trainingData.checksum,
      lineage: lineageOf(def, signature.trainingData.checksum) as unknown as JsonValue,
    },
    evaluationData: signature.evaluationData,
  }
}

/** Options of {@link loadServedModel}. */
export interface LoadServedModelOptions {
  /** The project directory, where the checkpoint's training script lives. @default the working directory */
  projectDir?: string
  /** The data directory handed to the training script. @default `<projectDir>/data` */
  dataDir?: string
  /** The checkpoint's files, when the caller has read them already. */
  files?: CheckpointFiles
  /**
   * Refuse a checkpoint whose training code changed since it trained, rather than warn.
   * @default false
   */
  strict?: boolean
}

const servingFailure = (modelName: string, what: string, error: unknown): HypergolError =>
  new HypergolError(
    'E_SERVING_FAILED',
    `${modelName}: ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error, hint: 'Fix the batch processor or the model; the server keeps serving other requests.' },
  )

const assertSameSchema = (dataClass: DataClassOf, recorded: unknown, role: string, directory: string) => {
  if (JSON.stringify(schemaOfDataClass(dataClass)) === JSON.stringify(recorded)) return
  throw new HypergolError(
    'E_CHECKPOINT_MISMATCH',
    `${role} class ${dataClass.name} has changed since ${directory} was saved`,
    {
      hint: 'Serve with the code that trained it (git checkout the commit in its signature.json), or train again.',
    },
  )
}

const predictor =
  (tf: Tf, model: AnyModel, processor: AnyBatchProcessor, outputClass: DataClassOf) =>
  (objects: readonly BaseData[]): BaseData[] => {
    const name = model.modelName
    let outputs: BaseData[] = []
    // tidy disposes every intermediate tensor, the user's included; the result holds plain objects only.
    tf.tidy(() => {
      let inputs: ReturnType<AnyBatchProcessor['processInputBatch']>
      try {
        inputs = processor.processInputBatch(objects)
      } catch (error) {
        // The processor is where a request that fits the schema but not the model is refused: a 422.
        throw new HypergolError(
          'E_REQUEST_REJECTED',
          `${name}: processInputBatch rejected the request: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        )
      }
      let tensors: ReturnType<AnyModel['getOutputs']>
      try {
        tensors = model.getOutputs(inputs, false)
      } catch (error) {
        throw servingFailure(name, 'getOutputs', error)
      }
      try {
        outputs = processor.processOutputBatch(objects, tensors)
      } catch (error) {
        throw servingFailure(name, 'processOutputBatch', error)
      }
    })
    if (!Array.isArray(outputs) || outputs.length !== objects.length) {
      throw servingFailure(
        name,
        'processOutputBatch',
        new Error(
          `it returned ${Array.isArray(outputs) ? outputs.length : typeof outputs} objects for ${objects.length} requests; return one per request, in order`,
        ),
      )
    }
    for (const [index, output] of outputs.entries()) {
      if (!(output instanceof outputClass)) {
        throw servingFailure(
          name,
          'processOutputBatch',
          new Error(`object ${index} is not a ${outputClass.name}; return instances of outputClass`),
        )
      }
    }
    return outputs
  }

/**
 * Loads the checkpoint at `checkpointDir` with the project's code.
 *
 * @throws HypergolError E_CHECKPOINT_INVALID (not a checkpoint), E_MODEL_DEFINITION (no or a broken
 *   training script), E_CHECKPOINT_MISMATCH (the code no longer matches the checkpoint, or it changed
 *   since training and `strict`).
 */
export const loadServedModel = async (
  checkpointDir: string,
  options: LoadServedModelOptions = {},
): Promise<ServedModel> => {
  const projectDir = resolve(options.projectDir ?? '.')
  const directory = resolve(checkpointDir)
  const files = options.files ?? readCheckpoint(directory)
  const { signature } = files
  if (signature.script === null) {
    throw new HypergolError(
      'E_MODEL_DEFINITION',
      `${directory} does not name the training script that built it`,
      { hint: 'Only checkpoints written by hypergol train can be served.' },
    )
  }
  const script = isAbsolute(signature.script) ? signature.script : resolve(projectDir, signature.script)
  if (!existsSync(script)) {
    throw new HypergolError(
      'E_MODEL_DEFINITION',
      `the training script of ${directory}, ${signature.script}, is not in ${projectDir}`,
      { hint: 'Run hypergol serve from the project directory that trained the model.' },
    )
  }
  checkTrainingCode(directory, signature, script, {
    projectDir,
    strict: options.strict ?? false,
    doing: 'served',
  })
  const tf = await loadTf()
  const setup = await loadTrainingScript(script, {
    dataDir: resolve(options.dataDir ?? resolve(projectDir, 'data')),
    branch: loadBranchName(projectDir),
    startStep: signature.step,
  })
  const { model, batchProcessor } = await restoreRun(setup, directory, files)
  const { inputClass, outputClass } = batchProcessor
  assertSameSchema(inputClass, signature.inputSchema, 'the input', directory)
  assertSameSchema(outputClass, signature.outputSchema, 'the output', directory)
  return {
    directory,
    signature,
    model,
    batchProcessor,
    inputClass,
    outputClass,
    predict: predictor(tf, model, batchProcessor, outputClass),
  }
}
