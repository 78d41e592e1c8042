/**
 * A throwaway project for generator tests, run from source: its `package.json` marks it as a hypergol
 * project, and its tsconfig maps `hypergol` to this repository's `src/index.ts`, so `bun test` inside it
 * runs generated tests against the code under test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const INDEX = join(import.meta.dir, '..', '..', 'src', 'index.ts')

/** Creates the project and returns its root. */
export const makeSourceProject = (project = 'my_project'): string => {
  const root = mkdtempSync(join(tmpdir(), 'hypergol-project-'))
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'p', private: true, hypergol: { project } }),
  )
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { paths: { hypergol: [INDEX] } } }),
  )
  return root
}

/** Runs `bun test` in `root`; returns its exit code and output. */
export const runProjectTests = (root: string): { exitCode: number; output: string } => {
  const result = Bun.spawnSync(['bun', 'test'], { cwd: root, stdout: 'pipe', stderr: 'pipe' })
  return { exitCode: result.exitCode ?? -1, output: result.stdout.toString() + result.stderr.toString() }
}
