/**
 * @module model-weights
 * A model's weights as named tensors and back. Names come from the model's structure
 * (`<block>.<layer>/<index>`), not from tfjs's global variable names, which depend on how many layers the
 * thread created before: a model rebuilt in another process (restoring, serving) finds its weights by name.
 */
import { HypergolError } from '../errors.ts'
import type { AnyModel } from './base-model.ts'
import type { Tf } from './tf.ts'

type Tensor = import('@tensorflow/tfjs').Tensor
type Variable = import('@tensorflow/tfjs').Variable

/** One weight of a model, as saved. */
export interface WeightSpec {
  name: string
  shape: number[]
  dtype: string
}

/** The weights of `model`'s layers by structural name, in a fixed order. */
export const namedWeights = (model: AnyModel): [name: string, tensor: Tensor][] =>
  model
    .namedLayers()
    .flatMap(([layerName, layer]) =>
      layer.weights.map((weight, index): [string, Tensor] => [`${layerName}/${index}`, weight.read()]),
    )

/** The trainable variables of `model`, in the order of {@link namedWeights}. */
export const trainableVariables = (model: AnyModel): Variable[] =>
  model
    .namedLayers()
    .flatMap(([, layer]) => layer.trainableWeights.map((weight) => weight.read() as Variable))

/** Encodes `tensors` into one binary buffer and the specs that read it back. */
export const encodeTensors = async (
  tf: Tf,
  tensors: [name: string, tensor: Tensor][],
): Promise<{ data: Uint8Array; specs: WeightSpec[] }> => {
  const { data, specs } = await tf.io.encodeWeights(tensors.map(([name, tensor]) => ({ name, tensor })))
  return {
    data: new Uint8Array(data),
    specs: specs.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
  }
}

/** Decodes what {@link encodeTensors} wrote, in the order of `specs`. */
export const decodeTensors = (tf: Tf, data: Uint8Array, specs: WeightSpec[]): Tensor[] => {
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
  const map = tf.io.decodeWeights(buffer, specs as Parameters<Tf['io']['decodeWeights']>[1])
  return specs.map((spec) => map[spec.name] as Tensor)
}

const shapeText = (shape: readonly (number | null)[]): string => `[${shape.join(', ')}]`

/**
 * Sets `model`'s weights from `tensors` (named as {@link namedWeights} names them). The model must have
 * built its layers (run once) so that its weights exist.
 *
 * @throws HypergolError E_CHECKPOINT_MISMATCH when a weight is missing, extra or of another shape.
 */
export const assignWeights = (model: AnyModel, tensors: Map<string, Tensor>, source: string): void => {
  const expected = new Set<string>()
  for (const [layerName, layer] of model.namedLayers()) {
    const values = layer.weights.map((weight, index) => {
      const name = `${layerName}/${index}`
      expected.add(name)
      const tensor = tensors.get(name)
      if (tensor === undefined) {
        throw new HypergolError(
          'E_CHECKPOINT_MISMATCH',
          `${source} has no weight ${name} of ${model.modelName}`,
          {
            hint: 'The model is built differently from the one saved there: restore a checkpoint of this model.',
          },
        )
      }
      if (shapeText(tensor.shape) !== shapeText(weight.shape)) {
        throw new HypergolError(
          'E_CHECKPOINT_MISMATCH',
          `${source}: weight ${name} has shape ${shapeText(tensor.shape)}, the model's has ${shapeText(weight.shape)}`,
          { hint: "Build the model with the checkpoint's block configs (its model.json)." },
        )
      }
      return tensor
    })
    if (values.length > 0) layer.setWeights(values)
  }
  const extra = [...tensors.keys()].filter((name) => !expected.has(name))
  if (extra.length > 0) {
    throw new HypergolError(
      'E_CHECKPOINT_MISMATCH',
      `${source} holds weights the model ${model.modelName} does not have: ${extra.slice(0, 5).join(', ')}`,
      {
        hint: 'The model is built differently from the one saved there: restore a checkpoint of this model.',
      },
    )
  }
}
