/**
 * The writer's fast paths (generated line bytes, hash id text read from the members) give the files the
 * plain way gives: every object in the chunk of `chunkIndexOf(object.getHashId())`, lines as `toJson()`,
 * and the same errors.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chunkIndexOf, Dataset, type HashId } from '../../../src/index.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'
import { AllKinds, makeAllKinds } from '../data/all-kinds.ts'

const REPO_INFO = TEST_REPO_INFO

let location: string
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

const datasetOf = <T extends Small | AllKinds>(dataClass: new (values: never) => T, name: string) =>
  new Dataset(dataClass as never, {
    location,
    project: 'p',
    branch: 'b',
    name,
    repoInfo: REPO_INFO,
  }) as Dataset<T>

/** Each chunk's content as the plain way writes it: `toJson()` lines routed by `getHashId()`. */
const expectChunksOf = (dataset: Dataset<Small | AllKinds>, objects: (Small | AllKinds)[]): void => {
  const chunks: string[][] = Array.from({ length: 16 }, () => [])
  for (const object of objects) chunks[chunkIndexOf(object.getHashId(), 16)]?.push(`${object.toJson()}\n`)
  chunks.forEach((lines, index) => {
    const path = join(dataset.directory, `${dataset.name}_${index.toString(16)}.jsonl.gz`)
    // Bun.gunzipSync reads one member only; the writer writes several when it flushes more than once.
    expect(new TextDecoder().decode(Bun.gunzipSync(readFileSync(path)))).toBe(lines.join(''))
  })
}

class RoutedByName extends Small {
  override getHashId(): HashId {
    return [this.name]
  }
}

class SmallChild extends Small {}

describe('DatasetWriter routing and lines', () => {
  test('given random objects of every kind, when written, then each chunk holds their toJson lines', async () => {
    const objects = Array.from({ length: 300 }, (_, seed) => makeAllKinds(seed + 1))
    const dataset = datasetOf(AllKinds, 'all')

    await dataset.writeAll(objects)

    expectChunksOf(dataset, objects)
  })

  test('given a class with its own getHashId and a subclass instance, when written, then they route by it', async () => {
    const routed = Array.from(
      { length: 200 },
      (_, k) => new RoutedByName({ smallId: k, name: `n${k}`, value: k, values: [] }),
    )
    const children = Array.from(
      { length: 50 },
      (_, k) => new SmallChild({ smallId: k, name: 'c', value: 1, values: [k] }),
    )
    const first = datasetOf(RoutedByName, 'routed')
    const second = datasetOf(Small, 'mixed')

    await first.writeAll(routed)
    await second.writeAll([...children, ...routed])

    expectChunksOf(first, routed)
    expectChunksOf(second, [...children, ...routed])
  })

  test('given an array holding promises, when written, then their objects are appended as for await did', async () => {
    const dataset = datasetOf(Small, 'promised')

    const result = await dataset.writeAll([makeSmall(1), Promise.resolve(makeSmall(2)) as unknown as Small])

    expect(result.objectCount).toBe(2)
    expectChunksOf(dataset, [makeSmall(1), makeSmall(2)])
  })

  test('given a bad member, when appended, then the error names the object and the path', () => {
    const writer = datasetOf(Small, 'bad').openWriter()
    const small = Object.assign(makeSmall(1), { values: [1, 'x'] })

    expect(() => writer.append(small)).toThrow(
      'Small appended to bad as object 0: field values[1]: expected a safe integer (use field.bigint() beyond ±2^53), got string "x"',
    )
    writer.abort()
  })

  test('given a lone surrogate in a string id, when appended, then E_HASH_ID as before', () => {
    const writer = datasetOf(AllKinds, 'ids').openWriter()
    const object = Object.assign(makeAllKinds(1), { key: 'a\ud800' })

    expect(() => writer.append(object)).toThrow('hash id part "a\\ud800" holds a lone surrogate')
    writer.abort()
  })

  test('given more than the flush budget, when written and read, then every object comes back', async () => {
    const objects = Array.from({ length: 120_000 }, (_, k) => makeSmall(k))
    const dataset = datasetOf(Small, 'large')

    await dataset.writeAll(objects)

    let count = 0
    for await (const small of dataset.read({ verify: true })) count += small instanceof Small ? 1 : 0
    expect(count).toBe(objects.length)
  }, 30_000)
})
