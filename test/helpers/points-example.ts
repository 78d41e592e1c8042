/** The points example (examples/points) as the tests train it: its training script and its two datasets. */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makePoint, Point } from '../../examples/points/data-models/point.ts'
import { PointPrediction } from '../../examples/points/data-models/point-prediction.ts'
import { Dataset } from '../../src/index.ts'
import { runBinary } from './binary.ts'
import { TEST_REPO_INFO } from './repo-info.ts'

export const POINTS_TRAINING_SCRIPT = join(
  import.meta.dir,
  '..',
  '..',
  'examples',
  'points',
  'models',
  'train-point-classifier.ts',
)

/** Where the example's datasets live under `dataDir`: project `points`, branch `main`. */
const pointsDatasetOptions = (dataDir: string, name: string) => ({
  location: dataDir,
  project: 'points',
  branch: 'main',
  name,
  repoInfo: TEST_REPO_INFO,
})

/** The example's dataset of points `name` under `dataDir`. */
export const pointsDataset = (dataDir: string, name: string) =>
  new Dataset(Point, pointsDatasetOptions(dataDir, name))

/** The example's dataset of predictions `name` under `dataDir` (what evaluation writes). */
export const predictionsDataset = (dataDir: string, name: string) =>
  new Dataset(PointPrediction, pointsDatasetOptions(dataDir, name))

/** Writes the datasets the training script reads: 400 training points and 100 held-out ones. */
export const writePointsDatasets = async (dataDir: string): Promise<void> => {
  const write = (name: string, first: number, count: number) =>
    pointsDataset(dataDir, name).writeAll(Array.from({ length: count }, (_, k) => makePoint(first + k)))
  await write('training_points', 0, 400)
  await write('evaluation_points', 1000, 100)
}

/**
 * A copy of the points example in a new temporary folder, with its datasets, trained by the binary: the
 * project folder and its last checkpoint. `prepare` may change the copy before it trains.
 *
 * @throws Error with what the binary logged when training fails.
 */
export const trainedPointsProject = async (
  prefix: string,
  prepare: (project: string) => void = () => {},
): Promise<{ project: string; checkpoint: string }> => {
  const project = mkdtempSync(join(tmpdir(), prefix))
  cpSync(join(import.meta.dir, '..', '..', 'examples', 'points'), project, { recursive: true })
  mkdirSync(join(project, 'data'), { recursive: true })
  await writePointsDatasets(join(project, 'data'))
  prepare(project)
  const trained = runBinary(['train', 'models/train-point-classifier.ts'], { cwd: project })
  if (trained.exitCode !== 0) throw new Error(`training failed:\n${trained.stderr}`)
  return { project, checkpoint: join(project, 'data', 'points', 'main', 'models', 'PointClassifier', '30') }
}
