/**
 * @module verify
 * Recomputes every checksum of a dataset and compares it with its `.chk` (FORMAT.md §12): the `.def`'s
 * SHA-1 and each chunk's SHA-1 over its uncompressed content.
 */
import { HypergolError } from '../errors.ts'
import type { ChunkPrefetch } from './background-chunk-read.ts'
import { sha1Hex } from './chk-file.ts'
import { type ChunkDigest, prefetchChunkFile, readChunkLines } from './chunk-lines.ts'
import { checksumOf, chunkPathsOf, type DatasetDir } from './dataset-dir.ts'

/** One file whose content does not match the `.chk`. */
export interface VerifyProblem {
  file: string
  /**
   * `mismatch`: its SHA-1 differs; `missing`, `corrupt` (not a complete gzip stream), `unreadable` (the file
   * system refused it): no SHA-1 could be computed; `extra`: the `.chk` names a file not of this dataset.
   */
  kind: 'mismatch' | 'missing' | 'corrupt' | 'unreadable' | 'extra'
  expected: string | undefined
  /** The recomputed SHA-1, or a short reason when it could not be computed. */
  actual: string
}

/** A chunk that could not be read, as a problem: what kind, and why in words. */
const describeFailure = (error: unknown): Pick<VerifyProblem, 'kind' | 'actual'> => {
  const code = error instanceof HypergolError ? error.code : undefined
  if (code === 'E_CHUNK_MISSING') return { kind: 'missing', actual: 'missing' }
  if (code === 'E_CHUNK_CORRUPT') return { kind: 'corrupt', actual: 'not a complete gzip stream' }
  if (code === 'E_IO') return { kind: 'unreadable', actual: `unreadable: ${(error as Error).message}` }
  throw error
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
  const defSha1 = sha1Hex(dataset.defBytes)
  if (chk[defFile] !== defSha1)
    problems.push({ file: defFile, kind: 'mismatch', expected: chk[defFile], actual: defSha1 })
  const chunks = chunkPathsOf(dataset)
  let objectCount = 0
  let ahead: ChunkPrefetch | undefined
  try {
    for (const [index, chunk] of chunks.entries()) {
      const next = chunks[index + 1]
      const prefetched = ahead
      ahead = next === undefined ? undefined : prefetchChunkFile(next.path, true)
      const digest: ChunkDigest = { sha1: undefined }
      try {
        for await (const lines of readChunkLines(chunk.path, { digest, prefetched })) {
          for (const line of lines) if (line !== '') objectCount++
        }
        const actual = digest.sha1 ?? '(not computed)'
        if (chk[chunk.file] !== actual)
          problems.push({ file: chunk.file, kind: 'mismatch', expected: chk[chunk.file], actual })
      } catch (error) {
        problems.push({ file: chunk.file, expected: chk[chunk.file], ...describeFailure(error) })
      } finally {
        prefetched?.cancel()
      }
      options.onChunk?.(index + 1, chunks.length)
    }
  } finally {
    ahead?.cancel()
  }
  const known = new Set([defFile, ...chunks.map((chunk) => chunk.file)])
  for (const file of Object.keys(chk)) {
    if (!known.has(file))
      problems.push({ file, kind: 'extra', expected: chk[file], actual: 'not part of this dataset' })
  }
  return {
    directory: dataset.directory,
    problems,
    objectCount,
    chunkCount: chunks.length,
    checksum: checksumOf(dataset),
  }
}
