/**
 * Conformance with the datasets written by Python Hypergol 0.2.1 (test/fixtures/pyhypergol/README.md,
 * "What a conforming implementation must reproduce").
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BaseData, DataClassOf } from '../../../src/data/base-data.ts'
import { parseChkFile, renderChkFile, sha1Hex } from '../../../src/dataset/chk-file.ts'
import { Dataset } from '../../../src/dataset/dataset.ts'
import { parseDefFile, renderDefFile } from '../../../src/dataset/def-file.ts'
import { Blob, Record, RecordSummary } from '../../helpers/fixture-classes.ts'
import {
  FIXTURE_DATA,
  FIXTURE_NAMES,
  type FixtureName,
  fixtureDir,
  loadExpectedLines,
  loadManifest,
} from '../../helpers/fixtures.ts'

const CLASSES: { [name in FixtureName]: DataClassOf<BaseData> } = {
  records: Record,
  blobs: Blob,
  record_summaries: RecordSummary,
  loaded_chunk_probe: RecordSummary,
}

const REPO_INFO = {
  branchName: 'fixture_branch',
  commitHash: '1'.repeat(40),
  commitMessage: 'Fixture commit message\n',
  comitterName: 'Fixture Committer',
  comitterEmail: 'fixture@example.com',
}

const fixtureDataset = (name: FixtureName) =>
  new Dataset(CLASSES[name], {
    location: FIXTURE_DATA,
    project: 'fixture_project',
    branch: 'fixture_branch',
    name,
  })

const readAll = async <T extends BaseData>(dataset: Dataset<T>): Promise<T[]> => {
  const objects: T[] = []
  for await (const object of dataset.read({ verify: true })) objects.push(object)
  return objects
}

describe('reading Python-written datasets', () => {
  test.each(FIXTURE_NAMES)(
    'given fixture %s, when read with its class, then every object re-serialises to its expected line',
    async (name) => {
      const objects = await readAll(fixtureDataset(name))

      const expected = await loadExpectedLines(name)
      expect(objects.map((object) => object.toJson())).toEqual(expected)
    },
  )

  test('given records, when read, then values are intact (floats, temporals, nested, escapes)', async () => {
    const dataset = new Dataset(Record, {
      location: FIXTURE_DATA,
      project: 'fixture_project',
      branch: 'fixture_branch',
      name: 'records',
    })
    const records = await readAll(dataset)
    const byId = new Map(records.map((record) => [record.recordId, record]))

    expect(byId.get(3)?.value).toBe(3)
    expect(byId.get(1)?.value).toBe(1e-7)
    expect(byId.get(102)?.value).toBe(1.02e17)
    expect(byId.get(9)?.createdAt.toString()).toBe('2020-01-01T09:01:03')
    expect(byId.get(260)?.createdAt.microsecond).toBe(58940)
    expect(byId.get(260)?.labels.map((label) => label.score)).toEqual([0, 0.5])
    expect(byId.get(250)?.name).toBe('emoji \u{1F600} tab\t newline\n 250')
    expect(byId.get(97)?.name).toBe('Zo\u00eb \u2603 \u201cquoted\u201d "q" \\ 97')
    expect(byId.get(9)?.counts).toEqual([0, 1, 2, 3])
  })
})

describe('writing datasets the way Python does', () => {
  let location: string
  beforeEach(async () => {
    location = await mkdtemp(join(tmpdir(), 'hypergol-'))
  })
  afterEach(async () => {
    await rm(location, { recursive: true, force: true })
  })

  test.each(FIXTURE_NAMES)(
    'given fixture %s read back, when rewritten in reading order, then every chunk SHA-1 equals the .chk',
    async (name) => {
      const source = fixtureDataset(name)
      const objects = await readAll(source)
      const copy = new Dataset(CLASSES[name], {
        location,
        project: 'p',
        branch: 'b',
        name,
        repoInfo: REPO_INFO,
      })

      await copy.writeAll(objects)

      const manifest = await loadManifest()
      const copyChk = parseChkFile(await readFile(join(copy.directory, `${name}.chk`), 'utf8'), name)
      for (const chunk of manifest[name].chunks) expect(copyChk[chunk.file]).toBe(chunk.sha1)
    },
  )
})

describe('.def and .chk files of the fixtures', () => {
  test.each(FIXTURE_NAMES)(
    'given fixture %s, when its .def and .chk are parsed and rendered, then the text is identical',
    async (name) => {
      const defText = await readFile(join(fixtureDir(name), `${name}.def`), 'utf8')
      const chkText = await readFile(join(fixtureDir(name), `${name}.chk`), 'utf8')

      expect(renderDefFile(parseDefFile(defText, name).def)).toBe(defText)
      expect(renderChkFile(parseChkFile(chkText, name))).toBe(chkText)
    },
  )

  test.each(FIXTURE_NAMES)(
    'given fixture %s, when its checksum and lineage are read, then they match the manifest',
    async (name) => {
      const manifest = (await loadManifest())[name]
      const dataset = fixtureDataset(name)

      expect(dataset.checksum()).toBe(manifest['chkFileSha1 (dataset checksum)'])
      const dir = dataset.load()
      expect(sha1Hex(dir.defBytes)).toBe(manifest.defFileSha1)
      const recorded = Object.fromEntries(
        dir.def.dependencies.map((entry) => [entry.name, entry.chkFileChecksum]),
      )
      expect(recorded).toEqual(manifest['dependencies (name -> chkFileChecksum)'])
    },
  )
})
