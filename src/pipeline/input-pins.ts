/**
 * @module input-pins
 * A task reads exactly the input versions its output's lineage records: the main thread pins each input to
 * the `.chk` it has when the task starts, and every Worker pins its copy of the task's inputs to the same
 * checksums, so each chunk a job reads is checked against that very `.chk`.
 */
import { pinDataset } from '../dataset/dataset.ts'
import { HypergolError } from '../errors.ts'
import type { AnyDataset, Task } from './task.ts'

/** Who recorded a pinned input's checksum, for E_CHECKSUM_MISMATCH messages. */
const pinnedBy = (task: Task): string => `the task ${task.constructor.name}, which started with it`

/**
 * Fixes every input of `task` to the version it has now and returns their checksums, which the output's
 * lineage records: the Workers then read exactly these versions (each chunk checked against that `.chk`,
 * unless `verify` is off), and an input changed while the task runs fails it instead of being recorded
 * wrongly. {@link unpinInputs} lets them go. When an input cannot be pinned (missing, damaged), those pinned
 * before it are let go before the error is thrown.
 */
export const pinInputs = (task: Task, verify: boolean): string[] => {
  const pinned: AnyDataset[] = []
  try {
    return task.allInputs().map((input: AnyDataset) => {
      pinDataset(input, { recordedBy: pinnedBy(task), verify })
      pinned.push(input)
      return checksumOfInput(task, input)
    })
  } catch (error) {
    for (const input of pinned) pinDataset(input, undefined)
    throw error
  }
}

/** The checksum of `input`, its errors naming the task and the input. */
const checksumOfInput = (task: Task, input: AnyDataset): string => {
  try {
    return input.checksum()
  } catch (error) {
    if (!(error instanceof HypergolError)) throw error
    throw new HypergolError(
      error.code,
      `task ${task.constructor.name}, input ${input.name}: ${error.message}`,
      {
        cause: error,
        hint: error.hint ?? 'Run the task that produces it first.',
      },
    )
  }
}

/** Lets the inputs of `task` go (after it ran, or failed). */
export const unpinInputs = (task: Task): void => {
  for (const input of task.allInputs()) pinDataset(input, undefined)
}

/**
 * In a Worker: pins the inputs of its copy of the task to the checksums the main thread pinned (in
 * `task.allInputs()` order).
 */
export const pinWorkerInputs = (task: Task, checksums: readonly string[], verify: boolean): void => {
  for (const [index, input] of task.allInputs().entries()) {
    pinDataset(input, { checksum: checksums[index], recordedBy: pinnedBy(task), verify })
  }
}
