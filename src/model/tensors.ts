/**
 * @module tensors
 * The tensor shapes that flow between a batch processor and a model: named tensors (the original's
 * keyword inputs) or a single tensor.
 */
import type * as tf from '@tensorflow/tfjs'

/** Tensors by name, as a batch processor makes model inputs. */
export type NamedTensors = { [name: string]: tf.Tensor }

/** One tensor or named tensors (targets, outputs). */
export type Tensors = tf.Tensor | NamedTensors

/** Every tensor in `value`, for disposing what a batch made. */
const tensorsIn = (value: Tensors): tf.Tensor[] => (isNamedTensors(value) ? Object.values(value) : [value])

/** Whether `value` is named tensors rather than one tensor (a tensor has a `dataId`). */
const isNamedTensors = (value: Tensors): value is NamedTensors => !('dataId' in value)

/** Disposes every tensor in each of `values`. */
export const disposeTensors = (...values: (Tensors | undefined)[]): void => {
  for (const value of values) if (value !== undefined) for (const tensor of tensorsIn(value)) tensor.dispose()
}
