/**
 * @module verify
 * Recomputes every checksum of a dataset and compares it with its `.chk` (FORMAT.md §12): the `.def`'s
 * SHA-1 and each chunk's SHA-1 over its uncompressed content.
 */
import { readFileSync } from 'node:fs'
import { sha1Hex } from './chk-file.ts'
import { type ChunkDigest, prefetchChunkFile, readChunkLines } from './chunk-lines.ts'
import { checksumOf, chunkPathsOf, type DatasetDir } from './dataset-dir.ts'

/** One file whose content does not match the `.chk`. */
export interface VerifyProblem {
  file: string
  expected: string | undefined
  /** The recomputed SHA-1, or a short reason when it could not be computed (`missing`, `not gzip`). */
  actual: string
}

/** What {@link verifyDatasetDir} found. */
export interface VerifyReport {
  directory: string
  problems: VerifyProblem[]
  objectCount: number
  chunkCount: number
  /** SHA-1 of the `.chk` file. */
  checksum: string
}

/** Options of {@link verifyDatasetDir}. */
export interface VerifyOptions {
  /** Called after each chunk, for progress. */
  onChunk?: (done: number, total: number) => void
}

/** Recomputes every checksum of a complete dataset; never throws for a bad chunk, reports it instead. */
export const verifyDatasetDir = async (
  dataset: DatasetDir,
  options: VerifyOptions = {},
): Promise<VerifyReport> => {
  const chk = dataset.chk ?? {}
  const problems: VerifyProblem[] = []
  const defFile = `${dataset.name}.def`
  const defSha1 = sha1Hex(readFileSync(dataset.defPath))
  if (chk[defFile] !== defSha1) problems.push({ file: defFile, expected: chk[defFile], actual: defSha1 })
  const chunks = chunkPathsOf(dataset)
  let objectCount = 0
  for (const [index, chunk] of chunks.entries()) {
    const next = chunks[index + 1]
    // Every chunk is read to its end, so the one read ahead is always taken over.
    if (next !== undefined) prefetchChunkFile(next.path, true)
    const digest: ChunkDigest = { sha1: undefined }
    try {
      for await (const lines of readChunkLines(chunk.path, digest)) {
        for (const line of lines) if (line !== '') objectCount++
      }
      const actual = digest.sha1 ?? '(not computed)'
      if (chk[chunk.file] !== actual) problems.push({ file: chunk.file, expected: chk[chunk.file], actual })
    } catch (error) {
      const code = (error as { code?: string }).code
      const actual = code === 'E_CHUNK_MISSING' ? 'missing' : 'not a complete gzip stream'
      problems.push({ file: chunk.file, expected: chk[chunk.file], actual })
    }
    options.onChunk?.(index + 1, chunks.length)
  }
  const known = new Set([defFile, ...chunks.map((chunk) => chunk.file)])
  for (const file of Object.keys(chk)) {
    if (!known.has(file)) problems.push({ file, expected: chk[file], actual: 'not part of this dataset' })
  }
  return {
    directory: dataset.directory,
    problems,
    objectCount,
    chunkCount: chunks.length,
    checksum: checksumOf(dataset),
  }
}
