import { DatasetFactory, Pipeline, type RunContext } from 'hypergol'
import { Point } from '../data-models/point.ts'
import { MakePoints } from '../tasks/make-points.ts'

/** The points example's datasets: 400 points to train on and 100 held out for evaluation. */
export default (context: RunContext): Pipeline => {
  const factory = new DatasetFactory({ location: context.dataDir, project: 'points', branch: 'main' })
  return new Pipeline([
    new MakePoints({ outputDataset: factory.get(Point, 'training_points') }, 0, 400),
    new MakePoints({ outputDataset: factory.get(Point, 'evaluation_points') }, 1000, 100),
  ])
}
