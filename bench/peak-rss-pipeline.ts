/**
 * Child process of the pipeline suite: `bun peak-rss-pipeline.ts COUNT THREADS` runs the benchmark pipeline
 * over COUNT `Small` objects on THREADS Workers and prints the process's peak RSS in MB (Workers are threads,
 * so it covers them).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { runPipelineFile } from '../src/index.ts'
import { prepareSmalls } from './pipeline.ts'

const count = Number(process.argv[2] ?? 1_000_000)
const threads = Number(process.argv[3] ?? 2)
const dataDir = await prepareSmalls(count)
try {
  const result = await runPipelineFile(join(import.meta.dir, 'pipelines', 'double-smalls.ts'), {
    dataDir,
    threads,
    allowDirty: true,
  })
  if (result.tasks[0]?.objectsOut !== count)
    throw new Error(`wrote ${result.tasks[0]?.objectsOut} of ${count}`)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
const status = await Bun.file('/proc/self/status')
  .text()
  .catch(() => '')
const hwmKb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? process.resourceUsage().maxRSS)
console.log((hwmKb / 1024).toFixed(1))
