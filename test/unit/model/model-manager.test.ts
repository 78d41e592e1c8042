/**
 * The model manager on the points model (test/helpers/model): checkpoints, metrics, evaluation outputs
 * with lineage, restoring with identical predictions, continuing, stopping, and refusing to overwrite.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makePoint, type Point } from '../../../examples/points/data-models/point.ts'
import type { PointPrediction } from '../../../examples/points/data-models/point-prediction.ts'
import type { PointBatchProcessor } from '../../../examples/points/models/point-batch-processor.ts'
import { HypergolError, readCheckpoint } from '../../../src/index.ts'
import { runTraining } from '../../../src/model/model-manager.ts'
import { loadTf } from '../../../src/model/tf.ts'
import { loadTrainingScript, restoreRun } from '../../../src/model/train-file.ts'
import type { ResolvedTrainingSetup } from '../../../src/model/training.ts'
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
const branchDir = () => join(dataDir, 'points', 'main')
const modelDir = () => join(branchDir(), 'models', 'PointClassifier')

const setupFor = (startStep: number): Promise<ResolvedTrainingSetup> =>
  loadTrainingScript(SCRIPT, { dataDir, branch: 'main', startStep })

const predictionsOf = async (directory: string): Promise<PointPrediction[]> => {
  const dataset = predictionsDataset(dataDir, directory.split('/').pop() as string)
  const predictions: PointPrediction[] = []
  for await (const prediction of dataset.read({ verify: true })) predictions.push(prediction)
  return predictions
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hypergol-train-'))
  await writePointsDatasets(dataDir)
})
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

describe('runTraining', () => {
  let first: Awaited<ReturnType<typeof runTraining>>

  test(
    'given a fresh run of 30 steps evaluating every 10, when trained, then checkpoints 0, 10, 20, 30 hold the identity and the model learns',
    async () => {
      const tf = await loadTf()
      const setup = await setupFor(0)

      first = await runTraining(tf, setup, {
        repoInfo: TEST_REPO_INFO,
        now: new Date(2026, 11, 2),
        script: SCRIPT,
      })

      expect(readdirSync(modelDir()).sort((a, b) => Number(a) - Number(b))).toEqual(['0', '10', '20', '30'])
      const { signature, model } = readCheckpoint(join(modelDir(), '30'))
      expect(signature.longName).toBe(`PointClassifier_20261202_${TEST_REPO_INFO.commitHash}`)
      expect(signature.trainingData.checksum).toBe(pointsDataset(dataDir, 'training_points').checksum())
      expect((signature.trainingData.def as { name: string }).name).toBe('training_points')
      expect(signature.inputSpecs).toEqual({ x: { shape: [-1, 2], dtype: 'float32' } })
      expect(signature.batchProcessor).toEqual({
        class: 'PointBatchProcessor',
        config: { labels: ['east-north', 'east-south', 'west-north', 'west-south'] },
      })
      expect(signature.inputClass).toBe('Point')
      expect(model.blocks.mlp?.class).toBe('Mlp')
      expect(model.blocks.mlp?.config).toEqual({ hidden: 16, classes: 4 })
      expect(Object.keys(model.blocks.mlp?.layers ?? {})).toEqual(['hidden', 'output'])
      expect(first.step).toBe(30)
      expect(first.finalMetrics?.Accuracy).toBeGreaterThan(0.8)
    },
    TIMEOUT,
  )

  test('given the first run, when its metrics are read, then every step has a train loss and evaluations have loss and accuracy, also as event files', () => {
    const metricsDir = join(dataDir, 'points', 'tensorboard', 'main', 'PointClassifier')
    const lines = (phase: string) =>
      readFileSync(join(metricsDir, phase, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: number; name: string; value: number })

    const train = lines('train')
    const evaluate = lines('evaluate')

    expect(train.map((line) => line.step)).toEqual(Array.from({ length: 30 }, (_, k) => k))
    expect(new Set(evaluate.map((line) => line.name))).toEqual(new Set(['Loss', 'Accuracy']))
    // Every 10 steps, plus the final pass over the whole evaluation dataset at step 30.
    expect(evaluate.filter((line) => line.name === 'Loss').map((line) => line.step)).toEqual([0, 10, 20, 30])
    for (const phase of ['train', 'evaluate']) {
      expect(
        readdirSync(join(metricsDir, phase)).some((file) => file.startsWith('events.out.tfevents.')),
      ).toBe(true)
    }
  })

  test('given the first run, when its evaluation output is read, then it is complete, verifies, and records both datasets as lineage', async () => {
    const output = predictionsDataset(dataDir, 'point_predictions_0')
    const def = output.load().defTree as { dependencies: { name: string }[] }

    const predictions = await predictionsOf(first.evaluationOutput)

    expect(def.dependencies.map((dependency) => dependency.name)).toEqual([
      'training_points',
      'evaluation_points',
    ])
    // One batch of 16 at steps 0, 10, 20, then all 100 evaluation points at step 30.
    expect(predictions.length).toBe(3 * 16 + 100)
    expect(predictions.filter((prediction) => prediction.step === 30).length).toBe(100)
  })

  test(
    'given checkpoint 30, when restored twice, then both models predict bit for bit what the run wrote at step 30',
    async () => {
      const tf = await loadTf()
      const setup = await setupFor(30)
      const points = Array.from({ length: 100 }, (_, k) => makePoint(1000 + k))
      const predict = async () => {
        const { model, batchProcessor } = await restoreRun(setup, join(modelDir(), '30'))
        const inputs = batchProcessor.processInputBatch(points)
        const outputs = model.getOutputs(inputs, false) as import('@tensorflow/tfjs').Tensor
        const logits = Array.from(outputs.dataSync())
        const labels = (batchProcessor as PointBatchProcessor)
          .processOutputBatch(points, outputs)
          .map((p) => p.predicted)
        tf.dispose([outputs, ...Object.values(inputs)])
        return { logits, labels }
      }

      const once = await predict()
      const twice = await predict()
      const written = (await predictionsOf(first.evaluationOutput)).filter(
        (prediction) => prediction.step === 30,
      )

      expect(twice.logits).toEqual(once.logits)
      expect(once.labels).toEqual(
        points.map(
          (point) => written.find((prediction) => prediction.pointId === point.pointId)?.predicted ?? '',
        ),
      )
    },
    TIMEOUT,
  )

  test(
    'given checkpoint 30, when training continues for 10 steps, then checkpoint 40 is added and the run writes its own evaluation output',
    async () => {
      const tf = await loadTf()
      const setup = await setupFor(30)
      const restored = await restoreRun(setup, join(modelDir(), '30'))

      const report = await runTraining(tf, setup, { steps: 10, restored, repoInfo: TEST_REPO_INFO })

      expect(report.checkpoints).toEqual([join(modelDir(), '40')])
      expect(report.step).toBe(40)
      expect(report.evaluationOutput.endsWith('point_predictions_30')).toBe(true)
      expect(readCheckpoint(join(modelDir(), '40')).signature.step).toBe(40)
      expect(report.meanTrainingLoss).toBeLessThan(first.meanTrainingLoss)
    },
    TIMEOUT,
  )

  test('given checkpoints of an earlier run, when a fresh run starts, then E_CHECKPOINT_EXISTS names the latest to restore', async () => {
    const tf = await loadTf()
    const setup = await setupFor(0)

    const error = await runTraining(tf, setup, { repoInfo: TEST_REPO_INFO }).catch(
      (caught: unknown) => caught,
    )

    expect(error).toBeInstanceOf(HypergolError)
    expect((error as HypergolError).code).toBe('E_CHECKPOINT_EXISTS')
    expect((error as HypergolError).hint).toContain(
      `Continue that run with --restore ${join(modelDir(), '40')}`,
    )
  })

  test(
    'given a training that fails, when its datasets are rewritten afterwards, then they read as new versions (the run left no pin)',
    async () => {
      const tf = await loadTf()
      const other = mkdtempSync(join(tmpdir(), 'hypergol-train-'))
      await writePointsDatasets(other)
      const setup = await loadTrainingScript(SCRIPT, { dataDir: other, branch: 'main', startStep: 0 })
      setup.batchProcessor.prepare = () => {
        throw new Error('no labels')
      }

      const error = await runTraining(tf, setup, { repoInfo: TEST_REPO_INFO }).catch(
        (caught: unknown) => caught,
      )
      for (const name of ['training_points', 'evaluation_points']) {
        const rewritten = pointsDataset(other, name)
        rewritten.delete()
        await rewritten.writeAll([makePoint(7)])
      }

      expect((error as HypergolError).code).toBe('E_TRAINING_FAILED')
      for (const dataset of [setup.trainingDataset, setup.evaluationDataset]) {
        const read: number[] = []
        for await (const point of dataset.read()) read.push((point as Point).pointId)
        expect(read).toEqual([makePoint(7).pointId])
      }
      rmSync(other, { recursive: true, force: true })
    },
    TIMEOUT,
  )

  test(
    'given runs evaluating every step and every tenth, when compared, then evaluations leave no tensors behind',
    async () => {
      const tf = await loadTf()
      const tensorsLeftBy = async (evaluateEvery: number): Promise<number> => {
        const other = mkdtempSync(join(tmpdir(), 'hypergol-train-'))
        mkdirSync(join(other, 'points', 'main'), { recursive: true })
        for (const name of ['training_points', 'evaluation_points']) {
          Bun.spawnSync(['cp', '-r', join(branchDir(), name), join(other, 'points', 'main', name)])
        }
        const setup = await loadTrainingScript(SCRIPT, { dataDir: other, branch: 'main', startStep: 0 })
        const before = tf.memory().numTensors
        await runTraining(tf, { ...setup, evaluateEvery }, { steps: 10, repoInfo: TEST_REPO_INFO })
        rmSync(other, { recursive: true, force: true })
        return tf.memory().numTensors - before
      }

      expect(await tensorsLeftBy(1)).toBe(await tensorsLeftBy(10))
    },
    TIMEOUT,
  )

  test(
    'given a stop request during step 5, when trained, then a checkpoint of step 6 exists and the evaluation output is complete',
    async () => {
      const tf = await loadTf()
      const other = mkdtempSync(join(tmpdir(), 'hypergol-train-'))
      for (const name of ['training_points', 'evaluation_points']) {
        mkdirSync(join(other, 'points', 'main'), { recursive: true })
        Bun.spawnSync(['cp', '-r', join(branchDir(), name), join(other, 'points', 'main', name)])
      }
      const setup = await loadTrainingScript(SCRIPT, { dataDir: other, branch: 'main', startStep: 0 })
      const stop = new AbortController()
      const processTrainingBatch = setup.batchProcessor.processTrainingBatch.bind(setup.batchProcessor)
      let batches = 0
      setup.batchProcessor.processTrainingBatch = (objects) => {
        // Call 1 builds the model, call 2 is the evaluation at step 0, calls 3 to 8 train steps 0 to 5.
        if (++batches === 8) stop.abort()
        return processTrainingBatch(objects)
      }

      const report = await runTraining(tf, setup, { repoInfo: TEST_REPO_INFO, signal: stop.signal })

      const stopped = join(other, 'points', 'main', 'models', 'PointClassifier')
      expect(report.stopped).toBe(true)
      expect(report.step).toBe(6)
      expect(readdirSync(stopped).sort()).toEqual(['0', '6'])
      expect(
        existsSync(join(other, 'points', 'main', 'point_predictions_0', 'point_predictions_0.chk')),
      ).toBe(true)
      expect(report.finalMetrics).toBeUndefined()
      rmSync(other, { recursive: true, force: true })
    },
    TIMEOUT,
  )
})
