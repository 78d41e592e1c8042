/** The points example (examples/points) as the tests train it: its training script and its two datasets. */
import { join } from 'node:path'
import { makePoint, Point } from '../../examples/points/data-models/point.ts'
import { PointPrediction } from '../../examples/points/data-models/point-prediction.ts'
import { Dataset } from '../../src/index.ts'
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
