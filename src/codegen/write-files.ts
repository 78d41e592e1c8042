/**
 * @module write-files
 * Writes what a generator made, all or nothing: every file goes to a temporary name first and is renamed
 * into place only once all were written, so a failure half-way leaves no half project. Existing files are
 * never overwritten without `force`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { HypergolError } from '../errors.ts'

/** One generated file. */
export interface GeneratedFile {
  /** Relative to the base directory, with `/`. */
  path: string
  content: string
}

/**
 * The files of `files` that exist under `base`.
 *
 * @throws HypergolError E_FILE_EXISTS naming every one of them, unless `force`.
 */
export const checkOverwrites = (base: string, files: readonly GeneratedFile[], force: boolean): string[] => {
  const existing = files.filter((file) => existsSync(join(base, file.path))).map((file) => file.path)
  if (existing.length > 0 && !force) {
    throw new HypergolError('E_FILE_EXISTS', `${existing.join(', ')} already exist in ${base}`, {
      hint: 'Nothing was written. Choose another name, or rerun with --force to overwrite.',
    })
  }
  return existing
}

/**
 * Writes `files` under `base`, creating folders as needed.
 *
 * @throws HypergolError E_IO naming the file that could not be written; then nothing was written.
 */
export const writeGeneratedFiles = (base: string, files: readonly GeneratedFile[]): void => {
  const suffix = `.hypergol-${process.pid}.tmp`
  const written: string[] = []
  for (const file of files) {
    const path = join(base, file.path)
    try {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(`${path}${suffix}`, file.content)
    } catch (error) {
      for (const done of written) rmSync(`${done}${suffix}`, { force: true })
      throw new HypergolError('E_IO', `cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
        hint: 'Nothing was written; check the permissions and free space of the folder.',
      })
    }
    written.push(path)
  }
  for (const path of written) renameSync(`${path}${suffix}`, path)
}
