/** The points example's training script, which unit tests train with (examples/points). */
import { join } from 'node:path'

export const POINTS_TRAINING_SCRIPT = join(
  import.meta.dir,
  '..',
  '..',
  'examples',
  'points',
  'models',
  'train-point-classifier.ts',
)
