/**
 * @module checkpoint
 * A checkpoint directory, `<data dir>/<project>/<branch>/models/<ModelName>/<step>/` (RUNTIME.md §7):
 *
 * - `signature.json`: the model's identity (long name, training data checksum and lineage, commit, hypergol
 *   version), the schemas of the classes it serves, the input tensors' specs, and the batch processor's
 *   class and config;
 * - `model.json`: the blocks (class, config, and each layer's tfjs class and config) and the weights
 *   manifest;
 * - `weights.bin`, `optimizer.bin`: the model's and the optimiser's weights.
 *
 * It is written into a hidden sibling directory and renamed into place, so a checkpoint directory is
 * always complete.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { WorkingTreeChanges } from '../dataset/working-tree.ts'
import { HypergolError } from '../errors.ts'
import type { JsonValue } from './json-value.ts'
import type { WeightSpec } from './model-weights.ts'

export const CHECKPOINT_FORMAT = 'hypergol-checkpoint/1'

/** Shape and dtype of one input tensor, seen in training; serving and restoring build the model from it. */
export interface TensorSpec {
  shape: number[]
  dtype: string
}

/** `signature.json`. */
export interface CheckpointSignature {
  format: typeof CHECKPOINT_FORMAT
  modelName: string
  longName: string
  step: number
  savedAt: string
  trainingData: { name: string; directory: string; checksum: string; def: JsonValue }
  evaluationData: { name: string; directory: string; checksum: string } | null
  repo: { [key: string]: string }
  /**
   * The working tree's changes beyond `repo.commitHash` when it trained (`--allow-dirty`), `null` when clean;
   * absent in checkpoints written before hypergol recorded it.
   */
  uncommitted?: WorkingTreeChanges | null
  hypergolVersion: string
  /** The training script (absolute path) that builds the model, its blocks and its batch processor. */
  script: string | null
  /**
   * The project files the training script imports (relative to the project) → SHA-1 when it trained, so that
   * serving and restoring can tell changed code; absent in checkpoints written before hypergol recorded it.
   */
  sources?: { [path: string]: string }
  inputClass: string
  outputClass: string
  inputSchema: JsonValue
  outputSchema: JsonValue
  inputSpecs: { [name: string]: TensorSpec }
  batchProcessor: { class: string; config: JsonValue }
  optimizer: { class: string; config: JsonValue } | null
}

/** `model.json`. */
export interface CheckpointModel {
  format: typeof CHECKPOINT_FORMAT
  modelClass: string
  blocks: {
    [name: string]: {
      class: string
      config: JsonValue
      layers: { [name: string]: { class: string; config: JsonValue } }
    }
  }
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[]
  optimizerWeightsManifest: { paths: string[]; weights: WeightSpec[] }[]
}

/** A checkpoint as files. */
export interface CheckpointFiles {
  signature: CheckpointSignature
  model: CheckpointModel
  weights: Uint8Array
  optimizerWeights: Uint8Array
}

const WEIGHTS = 'weights.bin'
const OPTIMIZER_WEIGHTS = 'optimizer.bin'

/** The checkpoint directory of `modelName` at `step` under `modelsDir`. */
export const checkpointDirOf = (modelsDir: string, modelName: string, step: number): string =>
  join(modelsDir, modelName, String(step))

/**
 * Writes a checkpoint to `directory`, which must not exist: into `.<step>.saving-<pid>` first, renamed into
 * place once every file is written.
 *
 * @throws HypergolError E_CHECKPOINT_EXISTS, E_IO.
 */
export const writeCheckpoint = (directory: string, files: CheckpointFiles): void => {
  if (existsSync(directory)) {
    throw new HypergolError('E_CHECKPOINT_EXISTS', `checkpoint ${directory} already exists`, {
      hint: 'Checkpoints are never overwritten: move the old ones away, or restore from the latest one.',
    })
  }
  const staging = join(dirname(directory), `.${basename(directory)}.saving-${process.pid}`)
  try {
    rmSync(staging, { recursive: true, force: true })
    mkdirSync(staging, { recursive: true })
    writeFileSync(join(staging, WEIGHTS), files.weights)
    writeFileSync(join(staging, OPTIMIZER_WEIGHTS), files.optimizerWeights)
    writeFileSync(join(staging, 'model.json'), `${JSON.stringify(files.model, null, 2)}\n`)
    writeFileSync(join(staging, 'signature.json'), `${JSON.stringify(files.signature, null, 2)}\n`)
    renameSync(staging, directory)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw new HypergolError('E_IO', `cannot write checkpoint ${directory}: ${(error as Error).message}`, {
      cause: error,
      hint: 'Check the disk space and the permissions of the data directory.',
    })
  }
}

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new HypergolError('E_CHECKPOINT_INVALID', `cannot read ${path}: ${(error as Error).message}`, {
      hint: 'Pass a checkpoint directory, …/models/<ModelName>/<step>/, as hypergol train wrote it.',
    })
  }
}

const assertFormat = (value: unknown, path: string): void => {
  const format = (value as { format?: unknown } | null)?.format
  if (format !== CHECKPOINT_FORMAT) {
    throw new HypergolError(
      'E_CHECKPOINT_INVALID',
      `${path}: format is ${JSON.stringify(format)}, expected ${JSON.stringify(CHECKPOINT_FORMAT)}`,
      { hint: 'Pass a checkpoint directory, …/models/<ModelName>/<step>/, as hypergol train wrote it.' },
    )
  }
}

/**
 * Reads the checkpoint at `directory`.
 *
 * @throws HypergolError E_CHECKPOINT_INVALID when it is missing or not a checkpoint.
 */
export const readCheckpoint = (directory: string): CheckpointFiles => {
  if (!existsSync(join(directory, 'signature.json'))) {
    const what = existsSync(directory) ? 'is not a checkpoint (no signature.json)' : 'does not exist'
    throw new HypergolError('E_CHECKPOINT_INVALID', `${directory} ${what}`, {
      hint: 'Pass a checkpoint directory, …/models/<ModelName>/<step>/, as hypergol train wrote it.',
    })
  }
  const signature = readJson(join(directory, 'signature.json'))
  assertFormat(signature, join(directory, 'signature.json'))
  const model = readJson(join(directory, 'model.json'))
  assertFormat(model, join(directory, 'model.json'))
  const readBinary = (name: string): Uint8Array => {
    try {
      return readFileSync(join(directory, name))
    } catch (error) {
      throw new HypergolError(
        'E_CHECKPOINT_INVALID',
        `cannot read ${join(directory, name)}: ${(error as Error).message}`,
      )
    }
  }
  return {
    signature: signature as CheckpointSignature,
    model: model as CheckpointModel,
    weights: readBinary(WEIGHTS),
    optimizerWeights: readBinary(OPTIMIZER_WEIGHTS),
  }
}
