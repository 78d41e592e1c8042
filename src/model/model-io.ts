/**
 * @module model-io
 * A model and its optimiser to checkpoint files and back. Saving records each block's class and config and
 * each layer's tfjs class and config, the weights by structural name, and the optimiser's slots. Loading
 * rebuilds the blocks from the recorded configs (with the classes of a freshly built model, so a script
 * changed since cannot change what was trained), builds the layers with one pass over zero inputs of the
 * recorded shapes, and assigns the weights.
 */
import { HypergolError } from '../errors.ts'
import type { AnyBatchProcessor } from './base-batch-processor.ts'
import type { AnyModel, ModelBlocks } from './base-model.ts'
import type { BaseModelBlock } from './base-model-block.ts'
import {
  CHECKPOINT_FORMAT,
  type CheckpointFiles,
  type CheckpointModel,
  type TensorSpec,
} from './checkpoint.ts'
import { copyJson, type JsonValue } from './json-value.ts'
import { assignWeights, decodeTensors, encodeTensors, namedWeights } from './model-weights.ts'
import { disposeTensors, type NamedTensors } from './tensors.ts'
import type { Tf } from './tf.ts'

type Optimizer = import('@tensorflow/tfjs').Optimizer
type Tensor = import('@tensorflow/tfjs').Tensor
type Variable = import('@tensorflow/tfjs').Variable

/** The specs of a batch's input tensors; the batch dimension is recorded as `-1`. */
export const tensorSpecsOf = (inputs: NamedTensors): { [name: string]: TensorSpec } =>
  Object.fromEntries(
    Object.entries(inputs).map(([name, tensor]) => [
      name,
      { shape: tensor.shape.map((size, axis) => (axis === 0 ? -1 : size)), dtype: tensor.dtype },
    ]),
  )

/** Runs the model once on zero inputs of `specs` (batch of 1), so that every layer creates its weights. */
export const buildModel = (tf: Tf, model: AnyModel, specs: { [name: string]: TensorSpec }): void => {
  tf.tidy(() => {
    const inputs: NamedTensors = {}
    for (const [name, spec] of Object.entries(specs)) {
      inputs[name] = tf.zeros(
        spec.shape.map((size) => (size < 0 ? 1 : size)),
        spec.dtype as import('@tensorflow/tfjs').DataType,
      )
    }
    model.getOutputs(inputs, false)
  })
}

/** The `model.json` description of `model`, without the weights manifests. */
const describeModel = (
  model: AnyModel,
): Omit<CheckpointModel, 'weightsManifest' | 'optimizerWeightsManifest'> => ({
  format: CHECKPOINT_FORMAT,
  modelClass: model.constructor.name,
  blocks: Object.fromEntries(
    Object.entries(model.blocks).map(([name, block]) => [
      name,
      {
        class: block.constructor.name,
        config: copyJson(block.config),
        layers: Object.fromEntries(
          block
            .namedLayers()
            .map(([layerName, layer]) => [
              layerName,
              { class: layer.getClassName(), config: layer.getConfig() as unknown as JsonValue },
            ]),
        ),
      },
    ]),
  ),
})

/** The optimiser's slot variables, named after the model's structural weight names where they belong to one. */
const optimizerTensors = async (
  optimizer: Optimizer,
  model: AnyModel,
): Promise<[name: string, tensor: Tensor][]> => {
  const byVariable = new Map<string, string>()
  for (const [layerName, layer] of model.namedLayers()) {
    for (const [index, weight] of layer.trainableWeights.entries())
      byVariable.set((weight.read() as Variable).name, `${layerName}/${index}`)
  }
  const weights = await optimizer.getWeights()
  return weights.map(({ name, tensor }, position): [string, Tensor] => {
    const slash = name.lastIndexOf('/')
    const structural = slash === -1 ? undefined : byVariable.get(name.slice(0, slash))
    // Slots are restored by position; the names are for people reading model.json.
    return [`${position}:${structural === undefined ? name : `${structural}${name.slice(slash)}`}`, tensor]
  })
}

/** Model and optimiser weights, and the model's description, as checkpoint files minus the signature. */
export const renderModelFiles = async (
  tf: Tf,
  model: AnyModel,
  optimizer: Optimizer | undefined,
): Promise<Omit<CheckpointFiles, 'signature'>> => {
  const weights = await encodeTensors(tf, namedWeights(model))
  let slots: Awaited<ReturnType<typeof encodeTensors>> = { data: new Uint8Array(0), specs: [] }
  if (optimizer !== undefined) {
    const tensors = await optimizerTensors(optimizer, model)
    slots = await encodeTensors(tf, tensors)
    // Slots are the optimiser's own variables, but for the step count, made anew by every getWeights().
    for (const [, tensor] of tensors) if (!(tensor instanceof tf.Variable)) tensor.dispose()
  }
  return {
    model: {
      ...describeModel(model),
      weightsManifest: [{ paths: ['weights.bin'], weights: weights.specs }],
      optimizerWeightsManifest: [{ paths: ['optimizer.bin'], weights: slots.specs }],
    },
    weights: weights.data,
    optimizerWeights: slots.data,
  }
}

/**
 * Rebuilds the batch processor and the model of a checkpoint: the classes come from `template` (what the
 * training script builds now), the configs from the checkpoint.
 *
 * @throws HypergolError E_CHECKPOINT_MISMATCH when the script's model or blocks are not the checkpoint's.
 */
export const rebuildFromCheckpoint = <P extends AnyBatchProcessor>(
  files: CheckpointFiles,
  templateProcessor: P,
  buildTemplateModel: (processor: P) => AnyModel,
  source: string,
): { batchProcessor: P; model: AnyModel } => {
  const { model: saved, signature } = files
  const Processor = templateProcessor.constructor as new (config: JsonValue) => P
  if (Processor.name !== signature.batchProcessor.class) {
    throw new HypergolError(
      'E_CHECKPOINT_MISMATCH',
      `${source} was trained with batch processor ${signature.batchProcessor.class}, the training script now gives ${Processor.name}`,
      { hint: 'Restore or serve it with the training script it was trained with.' },
    )
  }
  const batchProcessor = new Processor(copyJson(signature.batchProcessor.config))
  const template = buildTemplateModel(batchProcessor)
  if (template.constructor.name !== saved.modelClass) {
    throw new HypergolError(
      'E_CHECKPOINT_MISMATCH',
      `${source} holds a ${saved.modelClass}, the training script now builds a ${template.constructor.name}`,
      { hint: 'Restore or serve it with the training script it was trained with.' },
    )
  }
  const blocks: ModelBlocks = {}
  for (const [name, block] of Object.entries(saved.blocks)) {
    const current = template.blocks[name]
    if (current === undefined || current.constructor.name !== block.class) {
      throw new HypergolError(
        'E_CHECKPOINT_MISMATCH',
        `${source}: block ${name} is a ${block.class}, the training script ${current === undefined ? 'has no such block' : `makes it a ${current.constructor.name}`}`,
        { hint: 'Restore or serve it with the training script it was trained with.' },
      )
    }
    const Block = current.constructor as new (config: JsonValue) => BaseModelBlock
    blocks[name] = new Block(copyJson(block.config))
  }
  const Model = template.constructor as new (blocks: ModelBlocks) => AnyModel
  const model = new Model(blocks)
  model.longName = signature.longName
  model.trainingDataChecksum = signature.trainingData.checksum
  return { batchProcessor, model }
}

/** Builds `model`'s layers and sets its weights from the checkpoint `files`. */
export const loadModelWeights = (tf: Tf, model: AnyModel, files: CheckpointFiles, source: string): void => {
  buildModel(tf, model, files.signature.inputSpecs)
  const specs = files.model.weightsManifest.flatMap((group) => group.weights)
  const tensors = decodeTensors(tf, files.weights, specs)
  try {
    assignWeights(model, new Map(specs.map((spec, index) => [spec.name, tensors[index] as Tensor])), source)
  } finally {
    disposeTensors(...tensors)
  }
}

/** Sets the optimiser's slots (Adam's moments, the step count…) from the checkpoint `files`. */
export const loadOptimizerWeights = async (
  tf: Tf,
  optimizer: Optimizer,
  files: CheckpointFiles,
): Promise<void> => {
  const specs = files.model.optimizerWeightsManifest.flatMap((group) => group.weights)
  if (specs.length === 0) return
  const tensors = decodeTensors(tf, files.optimizerWeights, specs)
  await optimizer.setWeights(
    specs.map((spec, index) => ({ name: spec.name, tensor: tensors[index] as Tensor })),
  )
  disposeTensors(...tensors)
}
