/**
 * Git in a test's project: a fixed identity (a CI machine may have none), and committing everything as a
 * user does before a run that records the commit.
 */

/** The author and committer of every commit a test makes. */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Tester',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Tester',
  GIT_COMMITTER_EMAIL: 't@example.com',
}

/** Runs `git …args` in `cwd` with {@link GIT_IDENTITY}; throws with git's message when it fails. */
export const gitIn = (cwd: string, ...args: string[]): string => {
  const result = Bun.spawnSync(['git', ...args], {
    cwd,
    env: { ...process.env, ...GIT_IDENTITY },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString()}`)
  return result.stdout.toString().trim()
}

/** Commits everything in the repository at `cwd` and gives the current branch. */
export const commitAllIn = (cwd: string, message: string): string => {
  gitIn(cwd, 'add', '--all')
  gitIn(cwd, 'commit', '--quiet', '-m', message)
  return gitIn(cwd, 'symbolic-ref', '--short', 'HEAD')
}
