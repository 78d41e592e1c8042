/**
 * @module integrity
 * The checks that make a read trustworthy (FORMAT.md §12): the `.def` is the one its `.chk` hashes, the
 * `.chk` is the one a lineage or a running task recorded, and every chunk is the one the `.chk` hashes. Each
 * failure is E_CHECKSUM_MISMATCH naming the file, the expected and the actual SHA-1.
 */
import { HypergolError } from '../errors.ts'
import { sha1Hex } from './chk-file.ts'
import type { DatasetDir } from './dataset-dir.ts'

const hintFor = (dataset: DatasetDir): string =>
  `The dataset was changed or damaged after it was written: restore it from its source or rebuild it. ` +
  `To list every bad file: hypergol dataset verify '${dataset.directory}'`

/**
 * E_CHECKSUM_MISMATCH for a file of `dataset` whose SHA-1 is `actual` where `expected` was recorded by
 * `recordedBy` (e.g. `its .chk`).
 */
const checksumMismatch = (
  dataset: DatasetDir,
  path: string,
  expected: string | undefined,
  actual: string,
  recordedBy: string,
): HypergolError =>
  new HypergolError(
    'E_CHECKSUM_MISMATCH',
    `${path} has SHA-1 ${actual}, but ${recordedBy} says ${expected ?? '(no entry)'}`,
    { hint: hintFor(dataset) },
  )

/**
 * Checks that the `.def` read is the one the `.chk` hashes (a no-op for an incomplete dataset, which has
 * no `.chk` to compare with).
 *
 * @throws HypergolError E_CHECKSUM_MISMATCH.
 */
export const assertDefMatchesChk = (dataset: DatasetDir): void => {
  if (dataset.chk === undefined) return
  const file = `${dataset.name}.def`
  const actual = sha1Hex(dataset.defBytes)
  const expected = dataset.chk[file]
  if (actual !== expected)
    throw checksumMismatch(dataset, dataset.defPath, expected, actual, `${dataset.name}.chk`)
}

/**
 * Checks that the `.chk` read is the one whose SHA-1 (the dataset checksum) was recorded before: by the
 * lineage being written, or by the task that started reading it.
 *
 * @throws HypergolError E_CHECKSUM_MISMATCH.
 */
export const assertChkChecksum = (dataset: DatasetDir, expected: string, recordedBy: string): void => {
  if (dataset.chkBytes === undefined) {
    throw checksumMismatch(dataset, dataset.chkPath, expected, '(missing)', recordedBy)
  }
  const actual = sha1Hex(dataset.chkBytes)
  if (actual !== expected) throw checksumMismatch(dataset, dataset.chkPath, expected, actual, recordedBy)
}

/**
 * Checks a chunk's SHA-1, computed over its uncompressed content as it was read, against the `.chk`.
 *
 * @throws HypergolError E_CHECKSUM_MISMATCH.
 */
export const assertChunkDigest = (
  dataset: DatasetDir,
  chunk: { file: string; path: string },
  actual: string,
): void => {
  const expected = dataset.chk?.[chunk.file]
  if (actual !== expected)
    throw checksumMismatch(dataset, chunk.path, expected, actual, `${dataset.name}.chk`)
}
