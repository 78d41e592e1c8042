/**
 * A model to checkpoint files and back: a block holding a custom tfjs layer (a `tf.layers.Layer` subclass
 * with a weight of its own) survives the round trip with bit-identical predictions, and a checkpoint of
 * another model is refused by name.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { PointBatchProcessor } from '../../../examples/points/models/point-batch-processor.ts'
import { BaseModel, BaseModelBlock, type NamedTensors } from '../../../src/index.ts'
import {
  CHECKPOINT_FORMAT,
  type CheckpointSignature,
  readCheckpoint,
  writeCheckpoint,
} from '../../../src/model/checkpoint.ts'
import {
  buildModel,
  loadModelWeights,
  rebuildFromCheckpoint,
  renderModelFiles,
} from '../../../src/model/model-io.ts'
import { loadTf } from '../../../src/model/tf.ts'

/** Multiplies its input by a learned vector: a layer tfjs does not know. */
class Scale extends tf.layers.Layer {
  static className = 'HypergolTestScale'
  private scale: tf.LayerVariable | undefined

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape
    this.scale = this.addWeight(
      'scale',
      [shape[shape.length - 1] as number],
      'float32',
      tf.initializers.randomUniform({ minval: 0.5, maxval: 2 }),
    )
    this.built = true
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      (Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs).mul(
        (this.scale as tf.LayerVariable).read(),
      ),
    )
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape
  }
}
tf.serialization.registerClass(Scale)

class ScaledDense extends BaseModelBlock<{ units: number }> {
  readonly scale = new Scale({})
  readonly dense = tf.layers.dense({ units: this.config.units })

  apply(x: tf.Tensor): tf.Tensor {
    return this.dense.apply(this.scale.apply(x)) as tf.Tensor
  }
}

class Scaled extends BaseModel<{ head: ScaledDense }> {
  getOutputs(inputs: NamedTensors): tf.Tensor {
    return this.blocks.head.apply(inputs.x as tf.Tensor)
  }

  getLoss(outputs: tf.Tensor): tf.Scalar {
    return outputs.square().mean() as tf.Scalar
  }
}

let directory: string
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(directory, { recursive: true, force: true })
})

const signatureFor = (modelName: string): CheckpointSignature => ({
  format: CHECKPOINT_FORMAT,
  modelName,
  longName: `${modelName}_20261202_${'1'.repeat(40)}`,
  step: 3,
  savedAt: '2026-12-02T00:00:00.000Z',
  trainingData: { name: 't', directory: '/t', checksum: 'c', def: {} },
  evaluationData: null,
  repo: {},
  hypergolVersion: '0',
  script: null,
  inputClass: 'Point',
  outputClass: 'PointPrediction',
  inputSchema: {},
  outputSchema: {},
  inputSpecs: { x: { shape: [-1, 2], dtype: 'float32' } },
  batchProcessor: { class: 'PointBatchProcessor', config: { labels: ['a', 'b'] } },
  optimizer: null,
})

describe('model-io', () => {
  test('given a block with a custom tfjs layer, when saved and rebuilt from the checkpoint, then it predicts bit for bit the same', async () => {
    const tfjs = await loadTf()
    const model = new Scaled({ head: new ScaledDense({ units: 3 }) })
    buildModel(tfjs, model, { x: { shape: [-1, 2], dtype: 'float32' } })
    const x = tfjs.tensor2d([
      [0.5, -1],
      [2, 3],
    ])
    const before = Array.from((model.getOutputs({ x }) as tf.Tensor).dataSync())
    writeCheckpoint(join(directory, '3'), {
      ...(await renderModelFiles(tfjs, model, undefined)),
      signature: signatureFor('Scaled'),
    })

    const files = readCheckpoint(join(directory, '3'))
    const rebuilt = rebuildFromCheckpoint(
      files,
      new PointBatchProcessor({ labels: [] }),
      () => new Scaled({ head: new ScaledDense({ units: 99 }) }),
      'test',
    )
    loadModelWeights(tfjs, rebuilt.model, files, 'test')

    expect(files.model.blocks.head?.layers.scale?.class).toBe('HypergolTestScale')
    // The checkpoint's config wins over the script's (units 99): the model is the one that was trained.
    expect(rebuilt.model.blocks.head?.config).toEqual({ units: 3 })
    expect(rebuilt.batchProcessor.config).toEqual({ labels: ['a', 'b'] })
    expect(rebuilt.model.longName).toBe(`Scaled_20261202_${'1'.repeat(40)}`)
    expect(Array.from((rebuilt.model.getOutputs({ x }, false) as tf.Tensor).dataSync())).toEqual(before)
  })

  test('given a checkpoint of another model class, when rebuilt, then throws E_CHECKPOINT_MISMATCH naming both', async () => {
    const tfjs = await loadTf()
    const model = new Scaled({ head: new ScaledDense({ units: 3 }) })
    buildModel(tfjs, model, { x: { shape: [-1, 2], dtype: 'float32' } })
    writeCheckpoint(join(directory, '3'), {
      ...(await renderModelFiles(tfjs, model, undefined)),
      signature: signatureFor('Scaled'),
    })
    class Other extends Scaled {}

    const rebuild = () =>
      rebuildFromCheckpoint(
        readCheckpoint(join(directory, '3')),
        new PointBatchProcessor({ labels: [] }),
        () => new Other({ head: new ScaledDense({ units: 3 }) }),
        'test',
      )

    expect(rebuild).toThrow('test holds a Scaled, the training script now builds a Other')
  })
})
