/**
 * `bun run bench [suite]`: runs the benchmark suites (all by default) and prints one JSON line per figure.
 */
import { runDatasetSuite } from './dataset.ts'
import { runPipelineSuite } from './pipeline.ts'
import { runServeSuite } from './serve.ts'
import { runTrainSuite } from './train.ts'

const SUITES: Record<string, () => Promise<void>> = {
  dataset: runDatasetSuite,
  pipeline: runPipelineSuite,
  train: runTrainSuite,
  serve: runServeSuite,
}

const requested = process.argv.slice(2)
const unknown = requested.filter((name) => !(name in SUITES))
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`)
  process.exit(2)
}
for (const name of requested.length > 0 ? requested : Object.keys(SUITES))
  await (SUITES[name] as () => Promise<void>)()
