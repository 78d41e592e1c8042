/**
 * @module git-init
 * The first commit of a new project, so that its first datasets record a real commit. Skipped inside an
 * existing repository (the project is then part of it).
 */
import { getLogger } from '../logger.ts'

const git = (args: string[], cwd: string): { ok: boolean; output: string } => {
  try {
    const result = Bun.spawnSync(['git', ...args], { cwd, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' })
    return { ok: result.exitCode === 0, output: (result.stdout.toString() + result.stderr.toString()).trim() }
  } catch {
    return { ok: false, output: 'git is not installed' }
  }
}

/**
 * Makes `directory` a git repository with one commit of everything in it. Never throws: a failure is a
 * warning saying what to do, since the project itself is complete.
 */
export const initGitRepository = (directory: string): void => {
  const logger = getLogger()
  const inside = git(['rev-parse', '--show-toplevel'], directory)
  if (inside.ok) {
    logger.info(`${directory} is inside the git repository ${inside.output}: commit the project there`)
    return
  }
  for (const step of [
    ['init', '--quiet'],
    ['add', '--all'],
    ['commit', '--quiet', '-m', 'New hypergol project'],
  ]) {
    const result = git(step, directory)
    if (!result.ok) {
      logger.warn(
        `git ${step[0]} failed in ${directory}: ${result.output.split('\n')[0]}. The project is complete; set up git and commit it yourself (datasets record the commit that made them).`,
      )
      return
    }
  }
  logger.info(`committed the project in a new git repository (${directory})`)
}
