/**
 * @module emit-files
 * How the generator commands finish: refuse to overwrite without `--force`, print instead of writing under
 * `--dry-run`, otherwise write everything at once and log each file.
 */
import { join } from 'node:path'
import { checkOverwrites, type GeneratedFile, writeGeneratedFiles } from '../codegen/write-files.ts'
import { getLogger } from '../logger.ts'
import { writeStdout } from './stdout.ts'

/** Options shared by the generator commands. */
export interface EmitOptions {
  force: boolean
  dryRun: boolean
}

/**
 * Writes (or, with `dryRun`, prints) `files` under `base`.
 *
 * @throws HypergolError E_FILE_EXISTS (without `force`) or E_IO; nothing is written then.
 */
export const emitFiles = async (
  base: string,
  files: readonly GeneratedFile[],
  options: EmitOptions,
): Promise<void> => {
  const existing = new Set(checkOverwrites(base, files, options.force))
  if (options.dryRun) {
    for (const file of files) {
      const verb = existing.has(file.path) ? 'would overwrite' : 'would write'
      await writeStdout(`--- ${verb} ${join(base, file.path)}\n${file.content}`)
    }
    getLogger().info(`--dry-run: nothing was written (${files.length} file(s))`)
    return
  }
  writeGeneratedFiles(base, files)
  for (const file of files) {
    getLogger().info(`${existing.has(file.path) ? 'overwrote' : 'wrote'} ${join(base, file.path)}`)
  }
}
