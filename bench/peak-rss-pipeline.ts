/**
 * Child process of the pipeline suite: runs the benchmark pipeline over COUNT `Small` objects on 2 Workers
 * and prints the process's peak RSS in MB (Workers are threads, so it covers them).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { runPipelineFile } from '../src/index.ts'
import { prepareSmalls } from './pipeline.ts'

const count = Number(process.argv[2] ?? 1_000_000)
const dataDir = await prepareSmalls(count)
try {
  const result = await runPipelineFile(join(import.meta.dir, 'pipelines', 'double-smalls.ts'), {
    dataDir,
    threads: 2,
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
