/**
 * `bun run bench [suite…] [--threads 1,2,4]`: runs the benchmark suites (all by default) and prints one JSON
 * line per figure. `--threads` lists the thread counts the pipeline suite measures its 100,000-object
 * pipeline at (default 1,2), for a machine with more cores.
 */
import { runDatasetSuite } from './dataset.ts'
import { runPipelineSuite } from './pipeline.ts'
import { runServeSuite } from './serve.ts'
import { runStorageSuite } from './storage.ts'
import { runTrainSuite } from './train.ts'

const args = process.argv.slice(2)
const threadsAt = args.indexOf('--threads')
const threadList = threadsAt === -1 ? undefined : args.splice(threadsAt, 2)[1]
const threads = threadList?.split(',').map(Number)
if (threadsAt !== -1 && (threads === undefined || !threads.every((n) => Number.isSafeInteger(n) && n > 0))) {
  console.error(
    `--threads ${threadList ?? ''}: give thread counts as positive integers separated by commas, e.g. --threads 1,2,4`,
  )
  process.exit(2)
}
const flags = args.filter((arg) => arg.startsWith('-'))
if (flags.length > 0) {
  console.error(`unknown flag ${flags.join(', ')}; known: --threads 1,2,4`)
  process.exit(2)
}

const SUITES: Record<string, () => Promise<void>> = {
  dataset: runDatasetSuite,
  pipeline: () => runPipelineSuite({ threads }),
  train: runTrainSuite,
  serve: runServeSuite,
  storage: runStorageSuite,
}

const requested = args
const unknown = requested.filter((name) => !(name in SUITES))
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`)
  process.exit(2)
}
for (const name of requested.length > 0 ? requested : Object.keys(SUITES))
  await (SUITES[name] as () => Promise<void>)()
