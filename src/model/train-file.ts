/**
 * @module train-file
 * What `hypergol train` does: imports a training script (TypeScript from disk, with the virtual `hypergol`
 * and `@tensorflow/tfjs` modules), refuses a dirty git repository unless allowed (checkpoints record the
 * commit as the code that trained), rebuilds the model of `--restore`'s checkpoint, and runs the model
 * manager. `loadTrainingScript` and `restoreRun` are shared with `hypergol serve`.
 */
import { isAbsolute, relative, resolve } from 'node:path'
import { assertCleanRepo, loadBranchName } from '../dataset/repo-info.ts'
import { HypergolError } from '../errors.ts'
import { loadUserModule } from '../runtime/load-user-module.ts'
import { type CheckpointFiles, readCheckpoint } from './checkpoint.ts'
import { checkTrainingCode, recordTrainingCode } from './code-skew.ts'
import { loadModelWeights, rebuildFromCheckpoint } from './model-io.ts'
import { type RestoredRun, runTraining, type TrainingReport } from './model-manager.ts'
import { loadTf } from './tf.ts'
import {
  assertModel,
  type ResolvedTrainingSetup,
  resolveTrainingSetup,
  type TrainingContext,
} from './training.ts'

/** Options of {@link runTrainingFile}. */
export interface RunTrainingFileOptions {
  /** Training steps in this run. @default the script's `steps` */
  steps?: number
  /** A checkpoint directory to continue from. */
  restore?: string
  /** The data directory handed to the script. @default `<cwd>/data` */
  dataDir?: string
  /** Train even with uncommitted changes (untracked files included), recording them. @default false */
  allowDirty?: boolean
  /** With `restore`: refuse a checkpoint trained with other code than the project's now. @default false */
  strict?: boolean
  /** Stops after the current step, with a checkpoint. */
  signal?: AbortSignal
}

/**
 * Imports the training script at `path` and resolves its setup for `context`.
 *
 * @throws HypergolError E_MODEL_DEFINITION when the file is missing, does not load, or exports no setup.
 */
export const loadTrainingScript = async (
  path: string,
  context: TrainingContext,
): Promise<ResolvedTrainingSetup> => {
  const exported = await loadUserModule(path, {
    kind: 'training script',
    code: 'E_MODEL_DEFINITION',
    expected: 'a .ts file whose default export is defineTraining(…) (README, "Training")',
  })
  if (typeof exported !== 'function') {
    throw new HypergolError('E_MODEL_DEFINITION', `${path}: the default export must be defineTraining(…)`, {
      hint: "export default defineTraining((context: TrainingContext) => ({ … })), with both from 'hypergol'.",
    })
  }
  return resolveTrainingSetup(await (exported as (context: TrainingContext) => unknown)(context), path)
}

/**
 * Rebuilds the model and batch processor of the checkpoint at `directory` with the classes `setup` builds,
 * and loads the model's weights. `files`: the checkpoint, when the caller has read it already.
 *
 * @throws HypergolError E_CHECKPOINT_INVALID, E_CHECKPOINT_MISMATCH.
 */
export const restoreRun = async (
  setup: ResolvedTrainingSetup,
  directory: string,
  files: CheckpointFiles = readCheckpoint(directory),
): Promise<RestoredRun> => {
  const tf = await loadTf()
  const rebuilt = rebuildFromCheckpoint(
    files,
    setup.batchProcessor,
    (processor) => assertModel(setup.model(processor), 'model(batchProcessor)'),
    directory,
  )
  loadModelWeights(tf, rebuilt.model, files, directory)
  return { files, directory, ...rebuilt }
}

/**
 * Trains with the script at `path`.
 *
 * @throws HypergolError E_MODEL_DEFINITION, E_REPO_DIRTY, E_CHECKPOINT_*, or what the run throws.
 */
export const runTrainingFile = async (
  path: string,
  options: RunTrainingFileOptions = {},
): Promise<TrainingReport> => {
  const script = isAbsolute(path) ? path : resolve(path)
  const dataDir = resolve(options.dataDir ?? 'data')
  if (!options.allowDirty) assertCleanRepo('the checkpoints', { excluding: dataDir })
  const restoreDir = options.restore === undefined ? undefined : resolve(options.restore)
  const startStep = restoreDir === undefined ? 0 : readCheckpoint(restoreDir).signature.step
  const context: TrainingContext = {
    dataDir,
    branch: loadBranchName(),
    startStep,
  }
  const tf = await loadTf()
  const setup = await loadTrainingScript(script, context)
  const restored = restoreDir === undefined ? undefined : await restoreRun(setup, restoreDir)
  if (restoreDir !== undefined && restored !== undefined) {
    checkTrainingCode(restoreDir, restored.files.signature, script, {
      projectDir: process.cwd(),
      strict: options.strict ?? false,
      doing: 'restored',
    })
  }
  if (restored !== undefined) {
    const trained = restored.files.signature.modelName
    if (trained !== restored.model.modelName) {
      throw new HypergolError(
        'E_CHECKPOINT_MISMATCH',
        `${restoreDir} is a checkpoint of ${trained}, the script trains ${restored.model.modelName}`,
      )
    }
  }
  return runTraining(tf, setup, {
    steps: options.steps,
    restored,
    // Relative to the project (the working directory), so that the project can move.
    script: relative(process.cwd(), script),
    sources: recordTrainingCode(script, process.cwd()),
    signal: options.signal,
  })
}
