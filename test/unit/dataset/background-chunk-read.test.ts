import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BACKGROUND_MIN_BYTES,
  countBackgroundReads,
  readsInBackground,
} from '../../../src/dataset/background-chunk-read.ts'
import { Dataset } from '../../../src/index.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

/** Enough objects that every chunk file is read on the second core. */
const COUNT = 80_000

let location: string
beforeAll(async () => {
  // Start the chunk-read Worker and wait until it runs, so the reads below go to it.
  const deadline = performance.now() + 10_000
  while (!readsInBackground(BACKGROUND_MIN_BYTES)) {
    if (performance.now() > deadline) throw new Error('the chunk-read Worker did not start')
    await Bun.sleep(5)
  }
})
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

const smallsAt = (name = 'smalls') =>
  new Dataset(Small, { location, project: 'p', branch: 'b', name, repoInfo: TEST_REPO_INFO })

const writeSmalls = async (count: number, offset = 0, name = 'smalls') => {
  const dataset = smallsAt(name)
  await dataset.writeAll(Array.from({ length: count }, (_, k) => makeSmall(k + offset)))
  return dataset
}

const chunkFiles = (dataset: Dataset<Small>) =>
  readdirSync(dataset.directory)
    .filter((file) => file.endsWith('.jsonl.gz'))
    .map((file) => join(dataset.directory, file))

describe('reading chunks on the second core', () => {
  test('given chunk files above the threshold, when read in the main thread, then every object comes back in reading order, verified', async () => {
    const dataset = await writeSmalls(COUNT)
    expect(chunkFiles(dataset).every((path) => statSync(path).size >= BACKGROUND_MIN_BYTES)).toBe(true)
    const before = countBackgroundReads()

    const back = await Array.fromAsync(dataset.read())
    const lines = await Array.fromAsync(dataset.read({ verify: false }))

    expect(countBackgroundReads() - before).toBe(32)
    expect(back).toHaveLength(COUNT)
    expect(back.every((small) => small.equals(makeSmall(small.smallId)))).toBe(true)
    expect(lines.map((small) => small.smallId)).toEqual(back.map((small) => small.smallId))
    expect(new Set(back.map((small) => small.smallId)).size).toBe(COUNT)
  })

  test('given a large chunk changed after writing, when read, then E_CHECKSUM_MISMATCH names it', async () => {
    const dataset = await writeSmalls(COUNT)
    const path = chunkFiles(dataset)[5] as string
    const content = Buffer.from(Bun.gunzipSync(readFileSync(path)))
    const at = content.indexOf('"value": ') + 9
    content[at] = (content[at] as number) ^ 1
    writeFileSync(path, Bun.gzipSync(content))

    await expect(Array.fromAsync(dataset.read())).rejects.toThrow(
      expect.objectContaining({ code: 'E_CHECKSUM_MISMATCH', message: expect.stringContaining(path) }),
    )
  })

  test('given a large chunk that is not gzip, when read, then E_CHUNK_CORRUPT names it', async () => {
    const dataset = await writeSmalls(COUNT)
    const path = chunkFiles(dataset)[3] as string
    const bytes = readFileSync(path)
    writeFileSync(path, bytes.subarray(0, bytes.length - 1000))

    await expect(Array.fromAsync(dataset.read({ verify: false }))).rejects.toThrow(
      expect.objectContaining({ code: 'E_CHUNK_CORRUPT', message: expect.stringContaining(path) }),
    )
  })

  test('given full garbage collections while the reader waits on the Worker, when read, then every object comes back', async () => {
    const dataset = await writeSmalls(COUNT)
    // A waiting reader is reachable only through its read: collecting it would leave the read hanging.
    const collector = setInterval(() => Bun.gc(true), 2)
    try {
      let count = 0
      for await (const _ of dataset.read()) count++
      expect(count).toBe(COUNT)
    } finally {
      clearInterval(collector)
    }
  })

  test('given a read stopped early and the dataset rewritten, when its next chunk is read, then its new objects come back, not bytes read ahead before', async () => {
    const dataset = await writeSmalls(COUNT)
    for await (const _ of dataset.read()) break
    // Long enough for the Worker to read the next chunk ahead, which must then be dropped.
    await Bun.sleep(100)
    rmSync(dataset.directory, { recursive: true })
    const rewritten = await writeSmalls(COUNT, 1_000_000)

    const back = (await Array.fromAsync(rewritten.readChunk(1))).flat()

    expect(back.length).toBeGreaterThan(0)
    expect(back.every((small) => small.smallId >= 1_000_000)).toBe(true)
  })

  test('given two large datasets read in lock-step, when both are read, then each gets its own objects', async () => {
    const first = await writeSmalls(COUNT, 0, 'first')
    const second = await writeSmalls(COUNT, 0, 'second')
    const left = first.read()
    const right = second.read()

    let pairs = 0
    for (;;) {
      const [a, b] = await Promise.all([left.next(), right.next()])
      if (a.done || b.done) {
        expect(a.done && b.done).toBe(true)
        break
      }
      expect(a.value.equals(b.value)).toBe(true)
      pairs++
    }

    expect(pairs).toBe(COUNT)
  })

  test('given a script that reads one object of a large dataset and stops, when run, then the process ends by itself', async () => {
    const dataset = await writeSmalls(COUNT)
    const script = join(location, 'read-one.ts')
    writeFileSync(
      script,
      `import { Dataset } from ${JSON.stringify(join(import.meta.dir, '../../../src/index.ts'))}
import { Small } from ${JSON.stringify(join(import.meta.dir, '../../helpers/fixture-classes.ts'))}
const dataset = new Dataset(Small, { location: ${JSON.stringify(location)}, project: 'p', branch: 'b', name: 'smalls' })
for (let run = 0; run < 3; run++) for await (const small of dataset.read()) { console.log(small.smallId); break }
`,
    )

    const child = Bun.spawnSync(['bun', script], { stdout: 'pipe', stderr: 'pipe', timeout: 20_000 })

    expect(child.exitCode).toBe(0)
    expect(child.stdout.toString().trim().split('\n')).toHaveLength(3)
    expect(dataset.isComplete()).toBe(true)
  })
})
