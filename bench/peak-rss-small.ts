/**
 * Child process of the dataset suite: writes then reads COUNT `Small` objects (made on the fly, so only
 * hypergol's own buffers count) and prints its peak RSS in MB.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset } from '../src/index.ts'
import { Small } from '../test/helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../test/helpers/repo-info.ts'
import { makeSmall } from './objects.ts'

const count = Number(process.argv[2] ?? 1_000_000)
const location = mkdtempSync(join(tmpdir(), 'hypergol-rss-'))
const dataset = new Dataset(Small, {
  location,
  project: 'bench',
  branch: 'b',
  name: 'smalls',
  repoInfo: TEST_REPO_INFO,
})
const writer = dataset.openWriter()
for (let k = 0; k < count; k++) writer.append(makeSmall(k))
writer.close()
let read = 0
for await (const _ of dataset.read()) read++
rmSync(location, { recursive: true, force: true })
if (read !== count) throw new Error(`read ${read} of ${count}`)
// The child's own peak: maxRSS inherits the parent's peak at spawn time on Linux, VmHWM does not.
const status = await Bun.file('/proc/self/status')
  .text()
  .catch(() => '')
const hwmKb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? process.resourceUsage().maxRSS)
console.log((hwmKb / 1024).toFixed(1))
