/**
 * The Brown example's datasets for the train and serve suites: its pipeline, run by the compiled binary
 * (built when missing) on the corpus's first files, into a fresh data directory.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(import.meta.dir, '..')
export const BINARY = join(ROOT, 'dist', 'hypergol')

/** A new data directory holding the Brown datasets made from the first `files` corpus files. */
export const prepareBrownCorpus = (files: number): string => {
  if (!existsSync(BINARY)) {
    const build = Bun.spawnSync(['bun', 'run', 'build.ts'], { cwd: ROOT, stderr: 'inherit' })
    if (build.exitCode !== 0) throw new Error('build failed')
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hypergol-bench-brown-'))
  const run = Bun.spawnSync(
    [BINARY, 'run', 'examples/brown-pos/pipelines/brown-pos.ts', '--data-dir', dataDir, '--allow-dirty'],
    { cwd: ROOT, env: { ...process.env, BROWN_FILES: String(files), CI: 'true' }, stderr: 'pipe' },
  )
  if (run.exitCode !== 0) throw new Error(`pipeline failed: ${run.stderr.toString()}`)
  return dataDir
}
