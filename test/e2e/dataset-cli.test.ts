/**
 * The dataset commands of the compiled binary, run from a temp dir with no node_modules, on the
 * Python-written fixtures.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset } from '../../src/index.ts'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { makeSmall, Small } from '../helpers/fixture-classes.ts'
import { FIXTURE_DATA, FIXTURE_NAMES, FIXTURES, fixtureDir, loadManifest } from '../helpers/fixtures.ts'

beforeAll(() => {
  getBinary()
}, 60_000)

describe('hypergol binary basics', () => {
  test('given --version, when run, then prints the package version on stdout', async () => {
    const result = runBinary(['--version'])

    const pkg = (await Bun.file(join(import.meta.dir, '..', '..', 'package.json')).json()) as {
      version: string
    }
    expect(result.exitCode).toBe(0)
    expect(result.stdout.trim()).toBe(pkg.version)
  })

  test('given --help, when run, then lists the dataset command', () => {
    const result = runBinary(['--help'])

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('dataset')
  })

  test('given an unknown command, when run, then exits 2 with a one-line hint and no stack trace', () => {
    const result = runBinary(['frobnicate'])

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('frobnicate')
    expect(result.stderr).not.toContain('    at ')
  })
})

describe('hypergol dataset on the Python fixtures', () => {
  test.each(FIXTURE_NAMES)(
    'given fixture %s, when cat, then stdout equals expected/<name>.jsonl byte for byte',
    (name) => {
      const result = runBinary(['dataset', 'cat', fixtureDir(name)])

      expect(result.exitCode).toBe(0)
      expect(result.stdout).toBe(readFileSync(join(FIXTURES, 'expected', `${name}.jsonl`), 'utf8'))
    },
  )

  test('given --limit 3, when cat, then prints the first three lines', () => {
    const result = runBinary(['dataset', 'cat', fixtureDir('records'), '--limit', '3'])

    const expected = readFileSync(join(FIXTURES, 'expected', 'records.jsonl'), 'utf8')
      .split('\n')
      .slice(0, 3)
    expect(result.stdout).toBe(`${expected.join('\n')}\n`)
  })

  test('given a bad --limit, when cat, then exits 2 naming the flag', () => {
    const result = runBinary(['dataset', 'cat', fixtureDir('records'), '--limit', 'ten'])

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--limit')
  })

  test('given all fixtures, when verify, then exits 0 with one OK line per dataset', async () => {
    const result = runBinary(['dataset', 'verify', ...FIXTURE_NAMES.map(fixtureDir)])

    const manifest = await loadManifest()
    expect(result.exitCode).toBe(0)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toHaveLength(FIXTURE_NAMES.length)
    for (const [index, name] of FIXTURE_NAMES.entries()) {
      expect(lines[index]).toContain(`OK ${fixtureDir(name)}`)
      expect(lines[index]).toContain(manifest[name]['chkFileSha1 (dataset checksum)'])
    }
  })

  test('given the fixture data dir, when list, then shows every dataset with type, objects and checksum', async () => {
    const result = runBinary(['dataset', 'list', FIXTURE_DATA])

    const manifest = await loadManifest()
    expect(result.exitCode).toBe(0)
    for (const name of FIXTURE_NAMES) {
      const row = result.stdout.split('\n').find((line) => line.includes(`/${name} `)) ?? ''
      expect(row).toContain(manifest[name].dataType)
      expect(row).toContain(String(manifest[name].objectCount))
      expect(row).toContain(manifest[name]['chkFileSha1 (dataset checksum)'])
    }
  })

  test('given loaded_chunk_probe, when show, then prints its facts and the nested lineage tree', () => {
    const result = runBinary(['dataset', 'show', fixtureDir('loaded_chunk_probe')])

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('RecordSummary')
    expect(result.stdout).toContain('1000')
    expect(result.stdout).toContain('Fixture Committer <fixture@example.com>')
    expect(result.stdout).toContain('658816785381442be8fcdb089ef63accf7fa2c91')
    expect(result.stdout).toContain(
      [
        'loaded_chunk_probe (RecordSummary)',
        '├── records (Record, 10d4ad99064df053efa8a52fe2da110f42ec8613)',
        '└── record_summaries (RecordSummary, ed2fe11fe6e63ae4d47f25355834cd5015f56ca3)',
        '    └── records (Record, 10d4ad99064df053efa8a52fe2da110f42ec8613)',
      ].join('\n'),
    )
  })

  test('given a missing directory, when show, then exits non-zero with a one-line error naming it', () => {
    const result = runBinary(['dataset', 'show', '/nonexistent/records'])

    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('/nonexistent/records')
    expect(result.stderr).not.toContain('    at ')
  })
})

describe('hypergol dataset verify on damaged copies', () => {
  let work: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hypergol-'))
  })
  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
  })

  const copyFixture = (name: (typeof FIXTURE_NAMES)[number], label: string): string => {
    const target = join(work, label, name)
    cpSync(fixtureDir(name), target, { recursive: true })
    return target
  }

  const gunzipFlipGzip = (path: string): void => {
    // Flip one byte of the uncompressed content, so the gzip stays valid and only the SHA-1 can tell.
    const content = Bun.gunzipSync(readFileSync(path))
    const middle = Math.floor(content.length / 2)
    content[middle] = (content[middle] as number) ^ 0x01
    writeFileSync(path, Bun.gzipSync(content))
  }

  test.each(FIXTURE_NAMES)(
    'given %s with one flipped byte in every non-empty chunk in turn, when verify, then exit 1 names that chunk',
    async (name) => {
      const manifest = await loadManifest()
      for (const chunk of manifest[name].chunks.filter((c) => c.lines > 0)) {
        const target = copyFixture(name, `${name}-${chunk.chunkId}`)
        gunzipFlipGzip(join(target, chunk.file))

        const result = runBinary(['dataset', 'verify', target])

        expect(result.exitCode).toBe(1)
        expect(result.stderr).toContain(chunk.file)
        expect(result.stderr).toContain(`expected ${chunk.sha1}`)
      }
    },
    60_000,
  )

  test('given a flipped byte in the compressed file, when verify, then exit 1 names the chunk', () => {
    const target = copyFixture('records', 'raw-flip')
    const path = join(target, 'records_3.jsonl.gz')
    const bytes = readFileSync(path)
    const middle = Math.floor(bytes.length / 2)
    bytes[middle] = (bytes[middle] as number) ^ 0xff
    writeFileSync(path, bytes)

    const result = runBinary(['dataset', 'verify', target])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('records_3.jsonl.gz')
  })

  test('given a deleted chunk, when verify, then exit 1 says it is missing', () => {
    const target = copyFixture('blobs', 'missing')
    rmSync(join(target, 'blobs_1.jsonl.gz'))

    const result = runBinary(['dataset', 'verify', target])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('blobs_1.jsonl.gz')
    expect(result.stderr).toContain('missing')
  })
})

describe('hypergol dataset on a large dataset', () => {
  let work: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hypergol-'))
  })
  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
  })

  test('given chunk files large enough, when cat and verify, then the binary reads them on its chunk-read Worker and prints every line', async () => {
    const dataset = new Dataset(Small, { location: work, project: 'p', branch: 'b', name: 'smalls' })
    const written = await dataset.writeAll(Array.from({ length: 200_000 }, (_, k) => makeSmall(k)))

    const cat = runBinary(['dataset', 'cat', dataset.directory, '--debug'])
    const verify = runBinary(['dataset', 'verify', dataset.directory])

    expect(cat.exitCode).toBe(0)
    expect(cat.stdout.split('\n').filter((line) => line !== '')).toHaveLength(written.objectCount)
    const background = Number(
      /(\d+) chunk file\(s\) decompressed and hashed on a second core/.exec(cat.stderr)?.[1],
    )
    expect(background).toBeGreaterThan(0)
    expect(verify.exitCode).toBe(0)
    expect(verify.stdout).toContain(`200000 objects, checksum ${written.checksum}`)
  })
})
