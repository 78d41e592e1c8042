/**
 * @module git
 * Running the git CLI: dataset lineage reads HEAD's facts with it, and `hypergol new` makes a project's first
 * commit.
 */

/** What one git command gave. */
export interface GitResult {
  ok: boolean
  stdout: string
  stderr: string
}

/** Runs `git …args` in `cwd`; a missing git is a failed command, never an exception. */
export const runGit = (args: string[], cwd: string): GitResult => {
  try {
    const result = Bun.spawnSync(['git', ...args], { cwd, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' })
    return { ok: result.exitCode === 0, stdout: result.stdout.toString(), stderr: result.stderr.toString() }
  } catch {
    return { ok: false, stdout: '', stderr: 'git is not installed' }
  }
}
