/**
 * A main-thread writer of a large dataset compresses on the gzip Worker: the chunks hold exactly the lines
 * the inline way writes, a failure of the Worker's writes fails `close()` with nothing published, and an
 * abort leaves nothing behind, even with pieces still in flight.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { chunkIndexOf, Dataset, HypergolError } from '../../../src/index.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

/** About 9 MB of lines: every chunk passes the 256 KB from which pieces go to the Worker. */
const COUNT = 100_000

let location: string
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

const datasetOf = (name: string) =>
  new Dataset(Small, { location, project: 'p', branch: 'b', name, repoInfo: TEST_REPO_INFO })

const stagingOf = (dataset: Dataset<Small>): string | undefined => {
  const parent = join(location, 'p', 'b')
  const entry = existsSync(parent)
    ? readdirSync(parent).find((name) => name.startsWith(`.${dataset.name}.writing-`))
    : undefined
  return entry === undefined ? undefined : join(parent, entry)
}

describe('BackgroundGzip through DatasetWriter', () => {
  test('given a dataset large enough for the gzip Worker, when written, then each chunk holds its toJson lines in append order, in several gzip members', async () => {
    const objects = Array.from({ length: COUNT }, (_, k) => makeSmall(k))
    const dataset = datasetOf('large')

    await dataset.writeAll(objects)

    const chunks: string[][] = Array.from({ length: 16 }, () => [])
    for (const object of objects) chunks[chunkIndexOf(object.getHashId(), 16)]?.push(`${object.toJson()}\n`)
    for (const [index, lines] of chunks.entries()) {
      const compressed = readFileSync(join(dataset.directory, `large_${index.toString(16)}.jsonl.gz`))
      // zlib's gunzip reads every member; Bun.gunzipSync only the first (STACK.md §10).
      expect(gunzipSync(compressed).toString()).toBe(lines.join(''))
      expect(Bun.gunzipSync(compressed).length).toBeLessThan(Buffer.byteLength(lines.join('')))
    }
    expect((await dataset.verify()).problems).toEqual([])
  }, 30_000)

  test('given the staging directory vanishes while pieces are compressed, when writing on, then throws E_IO naming the chunk, and after abort nothing is left', () => {
    const dataset = datasetOf('vanishing')
    const writer = dataset.openWriter()
    for (let k = 0; k < COUNT / 2; k++) writer.append(makeSmall(k))
    rmSync(stagingOf(dataset) as string, { recursive: true, force: true })

    let error: unknown
    try {
      for (let k = COUNT / 2; k < COUNT; k++) writer.append(makeSmall(k))
      writer.close()
    } catch (caught) {
      error = caught
      writer.abort()
    }

    expect(error).toBeInstanceOf(HypergolError)
    expect((error as HypergolError).code).toBe('E_IO')
    expect((error as HypergolError).message).toMatch(/vanishing_[0-9a-f]\.jsonl\.gz: .*(ENOENT|no such file)/)
    expect(existsSync(dataset.directory)).toBe(false)
    expect(stagingOf(dataset)).toBeUndefined()
  }, 30_000)

  test('given pieces still in flight, when aborted, then nothing is left behind, also a moment later', async () => {
    const dataset = datasetOf('aborted')
    const writer = dataset.openWriter()
    for (let k = 0; k < COUNT; k++) writer.append(makeSmall(k))

    writer.abort()
    await Bun.sleep(200)

    expect(stagingOf(dataset)).toBeUndefined()
    expect(existsSync(dataset.directory)).toBe(false)
  }, 30_000)

  test('given two large writers open at once, when both are written, then each verifies and holds its own objects', async () => {
    const first = datasetOf('first')
    const second = datasetOf('second')
    const a = first.openWriter()
    const b = second.openWriter()
    for (let k = 0; k < COUNT; k++) {
      a.append(makeSmall(k))
      b.append(makeSmall(COUNT + k))
    }
    a.close()
    b.close()

    expect((await first.verify()).problems).toEqual([])
    expect((await second.verify()).problems).toEqual([])
    let smallest = Number.POSITIVE_INFINITY
    let count = 0
    for await (const small of second.read()) {
      smallest = Math.min(smallest, small.smallId)
      count++
    }
    expect([count, smallest]).toEqual([COUNT, COUNT])
  }, 60_000)
})
