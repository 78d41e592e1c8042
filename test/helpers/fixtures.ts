/**
 * Paths of the Python-written fixtures (copied from shared/fixtures/pyhypergol into test/fixtures so the
 * suite stands on its own) and small readers for their expected files.
 */
import { join } from 'node:path'

export const FIXTURES = join(import.meta.dir, '..', 'fixtures', 'pyhypergol')
export const FIXTURE_DATA = join(FIXTURES, 'data')
const FIXTURE_BRANCH_DIR = join(FIXTURE_DATA, 'fixture_project', 'fixture_branch')
export const FIXTURE_NAMES = ['records', 'blobs', 'record_summaries', 'loaded_chunk_probe'] as const
export type FixtureName = (typeof FIXTURE_NAMES)[number]

export const fixtureDir = (name: FixtureName): string => join(FIXTURE_BRANCH_DIR, name)

/** The expected canonical lines of a fixture dataset, in reading order. */
export const loadExpectedLines = async (name: FixtureName): Promise<string[]> => {
  const text = await Bun.file(join(FIXTURES, 'expected', `${name}.jsonl`)).text()
  return text.split('\n').filter((line) => line !== '')
}

export interface ManifestEntry {
  chunks: { chunkId: string; file: string; lines: number; sha1: string }[]
  'chkFileSha1 (dataset checksum)': string
  defFileSha1: string
  'dependencies (name -> chkFileChecksum)': Record<string, string>
  objectCount: number
  chunkCount: number
  dataType: string
}

export const loadManifest = async (): Promise<Record<FixtureName, ManifestEntry>> =>
  (await Bun.file(join(FIXTURES, 'expected', 'manifest.json')).json()) as Record<FixtureName, ManifestEntry>
