/**
 * The compiled binary for end-to-end tests. CI passes `HYPERGOL_BIN` (a copy in a temp dir with no
 * node_modules near it); locally the binary is built once per test run and copied the same way.
 */
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const ROOT = join(import.meta.dir, '..', '..')
let cached: string | undefined

/** Path of a hypergol binary that lives in a temp dir with no node_modules around it. */
export const getBinary = (): string => {
  if (process.env.HYPERGOL_BIN) return process.env.HYPERGOL_BIN
  if (cached !== undefined) return cached
  const build = Bun.spawnSync(['bun', 'run', 'build.ts'], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
  if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stderr.toString()}`)
  const directory = mkdtempSync(join(tmpdir(), 'hypergol-bin-'))
  cached = join(directory, 'hypergol')
  copyFileSync(join(ROOT, 'dist', 'hypergol'), cached)
  Bun.spawnSync(['chmod', '+x', cached])
  return cached
}

/** Result of one binary run. */
export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs the binary with `args` in `cwd` (a temp dir by default), with NO_COLOR so output is plain. */
export const runBinary = (
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): RunResult => {
  const result = Bun.spawnSync([getBinary(), ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  return {
    exitCode: result.exitCode ?? -1,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  }
}

/** Runs a README shell block with `bash -e` in `cwd`, the binary first on PATH as a user would have it. */
export const runShellBlock = (block: string, cwd: string): RunResult => {
  const result = Bun.spawnSync(['bash', '-e', '-c', block], {
    cwd,
    env: { ...process.env, PATH: `${dirname(getBinary())}:${process.env.PATH}`, NO_COLOR: '1', CI: 'true' },
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 120_000,
  })
  return {
    exitCode: result.exitCode ?? -1,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  }
}
