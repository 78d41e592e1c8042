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

/** Runs `git …args` in `cwd` without blocking the thread; as {@link runGit}, never rejects. */
const runGitAsync = async (args: string[], cwd: string): Promise<GitResult> => {
  try {
    const child = Bun.spawn(['git', ...args], { cwd, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' })
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ])
    return { ok: exitCode === 0, stdout, stderr }
  } catch {
    return { ok: false, stdout: '', stderr: 'git is not installed' }
  }
}

/**
 * What to ask git, written once for both ways of running it: each `yield` hands over a batch of commands
 * that do not depend on each other and receives their results in the same order. Run by
 * {@link runGitProgram} one command after another, or by {@link runGitProgramAsync} a batch at a time, all
 * of a batch at once (a git process costs 5-10 ms to start, most of the facts a run records).
 */
export type GitProgram<T> = Generator<string[][], T, GitResult[]>

/** Runs `program` in `cwd`, one git process after another. */
export const runGitProgram = <T>(program: GitProgram<T>, cwd: string): T => {
  let step = program.next()
  while (!step.done) step = program.next(step.value.map((args) => runGit(args, cwd)))
  return step.value
}

/** Runs `program` in `cwd`, the commands of each batch at the same time, without blocking the thread. */
export const runGitProgramAsync = async <T>(program: GitProgram<T>, cwd: string): Promise<T> => {
  let step = program.next()
  while (!step.done) step = program.next(await Promise.all(step.value.map((args) => runGitAsync(args, cwd))))
  return step.value
}
