import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pinDataset } from '../../../src/dataset/dataset.ts'
import { chunkIndexOf, type Dataset, DatasetFactory, type HypergolError } from '../../../src/index.ts'
import { Label, makeSmall, Record, Small } from '../../helpers/fixture-classes.ts'

const REPO_INFO = {
  branchName: 'main',
  commitHash: 'a'.repeat(40),
  commitMessage: 'test\n',
  comitterName: 'Tester',
  comitterEmail: 'tester@example.com',
}

let location: string
let factory: DatasetFactory
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
  factory = new DatasetFactory({ location, project: 'proj', branch: 'main', repoInfo: REPO_INFO })
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

const smalls = (count: number) => Array.from({ length: count }, (_, k) => makeSmall(k))

const nonEmptyChunkOf = (dataset: Dataset<Small>): string => {
  const file = readdirSync(dataset.directory).find(
    (name) => name.endsWith('.gz') && Bun.gunzipSync(readFileSync(join(dataset.directory, name))).length > 0,
  )
  return join(dataset.directory, file ?? 'none')
}

const readAll = async <T extends Small>(dataset: Dataset<T>): Promise<T[]> => {
  const objects: T[] = []
  for await (const object of dataset.read()) objects.push(object)
  return objects
}

describe('Dataset layout and round trip', () => {
  test.each([16, 256, 4096])(
    'given %i chunks, when written and read, then every chunk file exists and objects come back in routing order',
    async (chunkCount) => {
      const dataset = factory.get(Small, 'smalls', { chunkCount })

      await dataset.writeAll(smalls(500))

      const files = readdirSync(dataset.directory)
      expect(files).toHaveLength(chunkCount + 2)
      const back = await readAll(dataset)
      const chunks = back.map((small) => chunkIndexOf(small.getHashId(), chunkCount))
      expect(chunks).toEqual([...chunks].sort((a, b) => a - b))
      expect(back.map((small) => small.smallId).sort((a, b) => a - b)).toEqual(
        smalls(500).map((s) => s.smallId),
      )
    },
    30_000,
  )

  test.each([0, 8, 17, 1000, 15.5, '16'])(
    'given chunk count %p, when the dataset is defined, then throws E_CHUNK_COUNT before touching disk',
    (chunkCount) => {
      expect(() => factory.get(Small, 'smalls', { chunkCount: chunkCount as number })).toThrow(
        expect.objectContaining({ code: 'E_CHUNK_COUNT' }),
      )
      expect(readdirSync(location)).toEqual([])
    },
  )

  test('given an empty dataset, when written, then every chunk is a valid empty gzip stream, not a zero-byte file', async () => {
    const dataset = factory.get(Small, 'empty')

    await dataset.writeAll([])

    const chunk = readFileSync(join(dataset.directory, 'empty_0.jsonl.gz'))
    expect(chunk.length).toBeGreaterThan(0)
    expect(Bun.gunzipSync(chunk).length).toBe(0)
    expect(await readAll(dataset)).toEqual([])
  })

  test('given a chunk made of several gzip members, when read, then every member is read', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(50))
    const chunkPath = join(dataset.directory, 'smalls_0.jsonl.gz')
    const content = Bun.gunzipSync(readFileSync(chunkPath))
    const half = content.indexOf(10) + 1
    writeFileSync(
      chunkPath,
      Buffer.concat([Bun.gzipSync(content.subarray(0, half)), Bun.gzipSync(content.subarray(half))]),
    )

    const back = await readAll(dataset)

    expect(back).toHaveLength(50)
  })
})

describe('Dataset checks on read', () => {
  test('given a dataset written as Small, when opened with another class, then throws E_DATASET_MISMATCH naming dataType', async () => {
    await factory.get(Small, 'smalls').writeAll(smalls(3))

    const wrong = factory.get(Label as never, 'smalls')

    expect(() => wrong.load()).toThrow(
      expect.objectContaining({ code: 'E_DATASET_MISMATCH', message: expect.stringContaining('dataType') }),
    )
  })

  test('given a dataset with 16 chunks, when opened as 256, then throws E_DATASET_MISMATCH naming chunkCount', async () => {
    await factory.get(Small, 'smalls').writeAll(smalls(3))

    expect(() => factory.get(Small, 'smalls', { chunkCount: 256 }).load()).toThrow(
      'chunkCount is 16, expected 256',
    )
  })

  test('given a dataset without .chk, when read, then throws E_DATASET_INCOMPLETE unless allowIncomplete', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(3))
    rmSync(join(dataset.directory, 'smalls.chk'))

    expect(() => dataset.load()).toThrow(expect.objectContaining({ code: 'E_DATASET_INCOMPLETE' }))
    const back: Small[] = []
    for await (const small of dataset.read({ allowIncomplete: true })) back.push(small)
    expect(back).toHaveLength(3)
  })

  test('given a chunk changed after writing, when read, then throws E_CHECKSUM_MISMATCH naming the file', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(100))
    const chunkPath = nonEmptyChunkOf(dataset)
    const content = Bun.gunzipSync(readFileSync(chunkPath))
    // Flip the first digit of a value: the line still parses, only the SHA-1 can tell.
    const digit = Buffer.from(content).indexOf('"value": ') + 9
    content[digit] = (content[digit] as number) ^ 1
    writeFileSync(chunkPath, Bun.gzipSync(content))

    await expect(readAll(dataset)).rejects.toThrow(
      expect.objectContaining({
        code: 'E_CHECKSUM_MISMATCH',
        message: expect.stringContaining(basename(chunkPath)),
      }),
    )
  })

  test('given a changed byte that breaks a line, when read, then the checksum mismatch is reported, not the data error; with verify off, the data error', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(100))
    const chunkPath = nonEmptyChunkOf(dataset)
    const content = Bun.gunzipSync(readFileSync(chunkPath))
    content[3] = (content[3] as number) ^ 1
    writeFileSync(chunkPath, Bun.gzipSync(content))

    await expect(readAll(dataset)).rejects.toThrow(expect.objectContaining({ code: 'E_CHECKSUM_MISMATCH' }))
    await expect(Array.fromAsync(dataset.read({ verify: false }))).rejects.toThrow(
      expect.objectContaining({ code: 'E_DATA_INVALID' }),
    )
  })

  test('given a chunk changed after writing, when read with verify off, then its objects come back unchecked', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(100))
    const chunkPath = nonEmptyChunkOf(dataset)
    const content = Buffer.from(Bun.gunzipSync(readFileSync(chunkPath)))
    const digit = content.indexOf('"value": ') + 9
    content[digit] = (content[digit] as number) ^ 1
    writeFileSync(chunkPath, Bun.gzipSync(content))

    const back = await Array.fromAsync(dataset.read({ verify: false }))

    const changed = back.filter((small) => !small.equals(makeSmall(small.smallId)))
    expect(back).toHaveLength(100)
    expect(changed).toHaveLength(1)
  })

  test('given a .def edited after writing, when loaded, then throws E_CHECKSUM_MISMATCH naming the .def and both SHA-1s', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(3))
    const defPath = join(dataset.directory, 'smalls.def')
    const before = readFileSync(defPath)
    writeFileSync(defPath, before.toString().replace('"creationTime": "', '"creationTime": "1'))
    const after = new Bun.CryptoHasher('sha1').update(readFileSync(defPath)).digest('hex')
    const recorded = new Bun.CryptoHasher('sha1').update(before).digest('hex')

    expect(() => dataset.load()).toThrow(
      expect.objectContaining({
        code: 'E_CHECKSUM_MISMATCH',
        message: `${defPath} has SHA-1 ${after}, but smalls.chk says ${recorded}`,
      }),
    )
    await expect(Array.fromAsync(dataset.read())).rejects.toThrow(
      expect.objectContaining({ code: 'E_CHECKSUM_MISMATCH' }),
    )
  })

  test('given a line with a wrong member type, when read, then the error names file, line and field', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(1))
    const chunkPath = nonEmptyChunkOf(dataset)
    const line = new TextDecoder()
      .decode(Bun.gunzipSync(readFileSync(chunkPath)))
      .replace('"smallId": 0', '"smallId": "zero"')
    writeFileSync(chunkPath, Bun.gzipSync(Buffer.from(line)))

    await expect(Array.fromAsync(dataset.read({ verify: false }))).rejects.toThrow(
      `${chunkPath} line 1: field smallId: expected an integer, got string "zero"`,
    )
  })
})

describe('Dataset writing rules', () => {
  test('given an existing complete dataset, when opened for writing, then throws E_DATASET_EXISTS', async () => {
    await factory.get(Small, 'smalls').writeAll(smalls(3))

    expect(() => factory.get(Small, 'smalls').openWriter({ force: true })).toThrow(
      expect.objectContaining({ code: 'E_DATASET_EXISTS' }),
    )
  })

  test('given an object of another class, when appended, then throws E_DATA_INVALID and nothing is published', () => {
    const dataset = factory.get(Small, 'smalls')
    const writer = dataset.openWriter()

    expect(() => writer.append(new Label({ name: 'x', score: 1 }) as never)).toThrow(
      'holds Small objects, cannot append a Label',
    )
    writer.abort()
    expect(existsSync(dataset.directory)).toBe(false)
    expect(readdirSync(join(location, 'proj', 'main'))).toEqual([])
  })

  test('given a failure in the middle of writeAll, when it throws, then nothing is published', async () => {
    const dataset = factory.get(Small, 'smalls')
    async function* failing() {
      yield makeSmall(1)
      throw new Error('source failed')
    }

    await expect(dataset.writeAll(failing())).rejects.toThrow('source failed')
    await Bun.sleep(10)
    expect(existsSync(dataset.directory)).toBe(false)
  })

  test('given a staging directory of a running process, when opened for writing, then throws E_DATASET_BUSY', () => {
    mkdirSync(join(location, 'proj', 'main', `.smalls.writing-${process.ppid}`), { recursive: true })

    expect(() => factory.get(Small, 'smalls').openWriter({ force: true })).toThrow(
      expect.objectContaining({ code: 'E_DATASET_BUSY' }),
    )
  })

  test("given a dead writer's staging directory, when opened for writing, then E_DATASET_STALE_WRITE's hint is only the exact rm (no flag or option of one command)", () => {
    const leftover = join(location, 'proj', 'main', '.smalls.writing-999999')
    mkdirSync(leftover, { recursive: true })

    let error: HypergolError | undefined
    try {
      factory.get(Small, 'smalls').openWriter()
    } catch (caught) {
      error = caught as HypergolError
    }

    expect(error?.code).toBe('E_DATASET_STALE_WRITE')
    expect(error?.hint).toBe(`Nothing was published. Delete it: rm -rf '${leftover}'`)
  })

  test('given a closed writer, when appended to, then throws E_DATASET_CLOSED', () => {
    const writer = factory.get(Small, 'smalls').openWriter()
    writer.close()

    expect(() => writer.append(makeSmall(1))).toThrow(expect.objectContaining({ code: 'E_DATASET_CLOSED' }))
  })
})

describe('pinDataset', () => {
  test('given a dataset pinned to another checksum, when loaded, then throws E_CHECKSUM_MISMATCH naming the .chk and who recorded the checksum', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(3))
    const actual = dataset.checksum()

    pinDataset(dataset, {
      checksum: 'b'.repeat(40),
      recordedBy: 'the task T, which started with it',
      verify: true,
    })

    expect(() => dataset.load()).toThrow(
      expect.objectContaining({
        code: 'E_CHECKSUM_MISMATCH',
        message: `${join(dataset.directory, 'smalls.chk')} has SHA-1 ${actual}, but the task T, which started with it says ${'b'.repeat(40)}`,
      }),
    )
  })

  test('given a pinned dataset rewritten on disk with other objects, when its dependant is written and it is read, then the lineage keeps the pinned checksum and the read fails', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(3))
    pinDataset(dataset, { recordedBy: 'the test', verify: true })
    const pinned = dataset.checksum()
    rmSync(dataset.directory, { recursive: true })
    await factory.get(Small, 'smalls').writeAll(smalls(30))

    const dependant = factory.get(Small, 'doubled').addDependency(dataset)
    await dependant.writeAll([])

    expect(dependant.load().def.dependencies[0]?.chkFileChecksum).toBe(pinned)
    await expect(Array.fromAsync(dataset.read())).rejects.toThrow(
      expect.objectContaining({ code: 'E_CHECKSUM_MISMATCH' }),
    )
  })

  test('given a pinned dataset let go, when loaded, then the version on disk is loaded again', async () => {
    const dataset = factory.get(Small, 'smalls')
    await dataset.writeAll(smalls(3))
    pinDataset(dataset, { checksum: 'b'.repeat(40), recordedBy: 'the test', verify: true })

    pinDataset(dataset, undefined)

    expect(await Array.fromAsync(dataset.read())).toHaveLength(3)
  })
})

describe('lineage', () => {
  test('given a chain smalls → doubled → tripled, when written, then lineage nests recursively with checksums', async () => {
    const first = factory.get(Small, 'smalls')
    await first.writeAll(smalls(10))
    const second = factory.get(Small, 'doubled').addDependency(first)
    await second.writeAll(smalls(10))
    const third = factory.get(Small, 'tripled').addDependency(second).addDependency(first)

    await third.writeAll(smalls(10))

    const [onSecond, onFirst] = third.load().def.dependencies
    expect(onSecond?.name).toBe('doubled')
    expect(onSecond?.chkFileChecksum).toBe(second.checksum())
    expect(onFirst?.chkFileChecksum).toBe(first.checksum())
    const nested = (onSecond?.dependencies as { name: string; chkFileChecksum: string }[] | undefined)?.[0]
    expect(nested?.name).toBe('smalls')
    expect(nested?.chkFileChecksum).toBe(first.checksum())
  })

  test('given an incomplete dependency, when opening the dependant for writing, then throws E_DATASET_INCOMPLETE', async () => {
    const first = factory.get(Small, 'smalls')
    await first.writeAll(smalls(10))
    rmSync(join(first.directory, 'smalls.chk'))

    expect(() => factory.get(Small, 'doubled').addDependency(first).openWriter()).toThrow(
      expect.objectContaining({ code: 'E_DATASET_INCOMPLETE' }),
    )
  })

  test('given a dependency whose .def was edited, when the dependant is opened for writing, then throws E_CHECKSUM_MISMATCH and copies no edited lineage', async () => {
    const first = factory.get(Small, 'smalls')
    await first.writeAll(smalls(10))
    const defPath = join(first.directory, 'smalls.def')
    writeFileSync(defPath, readFileSync(defPath, 'utf8').replace('Tester', 'Someone'))

    expect(() => factory.get(Small, 'doubled').addDependency(first).openWriter()).toThrow(
      expect.objectContaining({ code: 'E_CHECKSUM_MISMATCH', message: expect.stringContaining(defPath) }),
    )
    expect(existsSync(join(location, 'proj', 'main', 'doubled'))).toBe(false)
  })

  test('given records nested classes, when written and read, then nested values survive', async () => {
    const dataset = factory.get(Record, 'records')
    const record = Record.fromJson(
      '{"counts": [1], "createdAt": "2020-01-01T00:00:00.000001+05:30", "day": "2020-01-01", "labels": [{"name": "a", "score": 1e-07}], "mainLabel": {"name": "m", "score": -0.0}, "name": "n", "recordId": 1, "tags": ["t"], "value": NaN}',
    )

    await dataset.writeAll([record])

    const [back] = await Array.fromAsync(dataset.read())
    expect(back?.equals(record)).toBe(true)
  })
})
