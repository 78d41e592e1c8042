/**
 * A real checkpoint served: the points model trained for 10 steps, loaded back through its training
 * script, answers the held-out points exactly as the final evaluation did; its identity and lineage come
 * from the checkpoint; and checkpoints it cannot serve are refused with one clear error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Point } from '../../../examples/points/data-models/point.ts'
import type { PointPrediction } from '../../../examples/points/data-models/point-prediction.ts'
import { HypergolError } from '../../../src/index.ts'
import { runTraining } from '../../../src/model/model-manager.ts'
import { loadTf } from '../../../src/model/tf.ts'
import { loadTrainingScript } from '../../../src/model/train-file.ts'
import { lineageBodyOf, loadServedModel } from '../../../src/serve/served-model.ts'
import { failureOf } from '../../helpers/failure-of.ts'
import {
  POINTS_TRAINING_SCRIPT,
  pointsDataset,
  predictionsDataset,
  writePointsDatasets,
} from '../../helpers/points-example.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

const SCRIPT = POINTS_TRAINING_SCRIPT
const TIMEOUT = 60_000

let dataDir: string
const checkpoint = () => join(dataDir, 'points', 'main', 'models', 'PointClassifier', '10')

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hypergol-serve-'))
  await writePointsDatasets(dataDir)
  const setup = await loadTrainingScript(SCRIPT, { dataDir, branch: 'main', startStep: 0 })
  await runTraining(await loadTf(), setup, { steps: 10, repoInfo: TEST_REPO_INFO, script: SCRIPT })
}, TIMEOUT)
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

/** A copy of the checkpoint whose signature.json is changed by `edit`. */
const editedCheckpoint = (edit: (signature: Record<string, unknown>) => void): string => {
  const copy = join(dataDir, `edited-${Math.random().toString(36).slice(2)}`)
  cpSync(checkpoint(), copy, { recursive: true })
  const signature = JSON.parse(readFileSync(join(copy, 'signature.json'), 'utf8'))
  edit(signature)
  writeFileSync(join(copy, 'signature.json'), JSON.stringify(signature))
  return copy
}

const rejectionOf = async (promise: Promise<unknown>): Promise<HypergolError> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof HypergolError) return error
    throw error
  }
  throw new Error('expected a HypergolError')
}

describe('loadServedModel', () => {
  test(
    'given the checkpoint, when the held-out points are served, then the answers equal the final evaluation',
    async () => {
      const evaluated: PointPrediction[] = []
      for await (const prediction of predictionsDataset(dataDir, 'point_predictions_0').read()) {
        if (prediction.step === 10) evaluated.push(prediction)
      }
      const points: Point[] = []
      for await (const point of pointsDataset(dataDir, 'evaluation_points').read()) points.push(point)

      const served = await loadServedModel(checkpoint(), { dataDir })
      const answers = served.predict(points) as PointPrediction[]

      expect(served.model.longName).toBe(
        `PointClassifier_${served.signature.longName.split('_')[1]}_${TEST_REPO_INFO.commitHash}`,
      )
      expect(served.inputClass).toBe(served.batchProcessor.inputClass)
      expect(evaluated.length).toBe(100)
      const byId = new Map(evaluated.map((prediction) => [prediction.pointId, prediction.predicted]))
      expect(answers.map((answer) => answer.predicted)).toEqual(
        points.map((point) => byId.get(point.pointId) as string),
      )
    },
    TIMEOUT,
  )

  test('given the checkpoint, then /lineage has the long name, the training checksum and its lineage tree', async () => {
    const served = await loadServedModel(checkpoint(), { dataDir })

    const lineage = lineageBodyOf(served.signature) as {
      longName: string
      trainingData: { name: string; checksum: string; lineage: { name: string; dataType: string } }
    }

    expect(lineage.longName).toBe(served.model.longName)
    expect(lineage.trainingData.checksum).toBe(pointsDataset(dataDir, 'training_points').checksum())
    expect(lineage.trainingData.lineage).toMatchObject({ name: 'training_points', dataType: 'Point' })
  })

  test('given a point the processor refuses, then E_REQUEST_REJECTED naming it', async () => {
    const served = await loadServedModel(checkpoint(), { dataDir })

    const error = failureOf(() => served.predict([new Point({ pointId: 5, x: [1, 2, 3], label: '' })]))

    expect(error.code).toBe('E_REQUEST_REJECTED')
    expect(error.message).toBe(
      'PointClassifier: processInputBatch rejected the request: point 5 has 3 coordinates, not 2',
    )
  })

  const refusals: [string, () => string, string, RegExp][] = [
    [
      'a folder that does not exist',
      () => join(dataDir, 'no-such-checkpoint'),
      'E_CHECKPOINT_INVALID',
      /no-such-checkpoint does not exist$/,
    ],
    [
      'a folder that is not a checkpoint',
      () => dataDir,
      'E_CHECKPOINT_INVALID',
      /is not a checkpoint \(no signature\.json\)$/,
    ],
    [
      'a checkpoint whose training script is gone',
      () =>
        editedCheckpoint((signature) => {
          signature.script = 'models/gone.ts'
        }),
      'E_MODEL_DEFINITION',
      /the training script of .*, models\/gone\.ts, is not in /,
    ],
    [
      'a checkpoint whose input class has changed since',
      () =>
        editedCheckpoint((signature) => {
          ;(signature.inputSchema as { properties: object }).properties = {}
        }),
      'E_CHECKPOINT_MISMATCH',
      /^the input class Point has changed since .* was saved$/,
    ],
  ]

  test.each(refusals)('given %s, then %s', async (_, directory, code, message) => {
    const error = await rejectionOf(loadServedModel(directory(), { dataDir }))

    expect(error.code).toBe(code as HypergolError['code'])
    expect(error.message).toMatch(message)
  })
})
