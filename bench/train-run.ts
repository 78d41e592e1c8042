/**
 * One training run of the Brown tagger for the train suite, in a process of its own so that the tfjs
 * backend (`HYPERGOL_TF_BACKEND`) is chosen fresh: `bun bench/train-run.ts DATA_DIR STEPS`. Prints the
 * run's samples, training seconds and data seconds as one JSON object.
 */
import { join } from 'node:path'
import { loadBranchName } from '../src/dataset/repo-info.ts'
import { runTraining } from '../src/model/model-manager.ts'
import { loadTfBackend } from '../src/model/tf.ts'
import { loadTrainingScript } from '../src/model/train-file.ts'
import { TEST_REPO_INFO } from '../test/helpers/repo-info.ts'

const [dataDir, steps] = process.argv.slice(2)
if (dataDir === undefined || steps === undefined) throw new Error('usage: train-run.ts DATA_DIR STEPS')
const script = join(import.meta.dir, '..', 'examples', 'brown-pos', 'models', 'train-tagger.ts')
const { tf, backend } = await loadTfBackend()
// The branch the pipeline wrote the datasets under, as `hypergol train` would read it.
const setup = await loadTrainingScript(script, { dataDir, branch: loadBranchName(), startStep: 0 })
// The script is recorded relative to the repository, so that `hypergol serve` run there finds it (serve suite).
const report = await runTraining(tf, setup, {
  steps: Number(steps),
  repoInfo: TEST_REPO_INFO,
  script: 'examples/brown-pos/models/train-tagger.ts',
})
process.stdout.write(
  `${JSON.stringify({ backend, samples: report.samples, trainingSeconds: report.trainingSeconds, dataSeconds: report.dataSeconds })}\n`,
)
