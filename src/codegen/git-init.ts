/**
 * @module git-init
 * The first commit of a new project, so that its first datasets record a real commit. Skipped inside an
 * existing repository (the project is then part of it).
 */
import { runGit } from '../git.ts'
import { getLogger } from '../logger.ts'

/**
 * Makes `directory` a git repository with one commit of everything in it. Never throws: a failure is a
 * warning saying what to do, since the project itself is complete.
 */
export const initGitRepository = (directory: string): void => {
  const logger = getLogger()
  const inside = runGit(['rev-parse', '--show-toplevel'], directory)
  if (inside.ok) {
    logger.info(`${directory} is inside the git repository ${inside.stdout.trim()}: commit the project there`)
    return
  }
  for (const step of [
    ['init', '--quiet'],
    ['add', '--all'],
    ['commit', '--quiet', '-m', 'New hypergol project'],
  ]) {
    const result = runGit(step, directory)
    if (!result.ok) {
      logger.warn(
        `git ${step[0]} failed in ${directory}: ${(result.stderr.trim() || result.stdout.trim()).split('\n')[0]}. The project is complete; set up git and commit it yourself (datasets record the commit that made them).`,
      )
      return
    }
  }
  logger.info(`committed the project in a new git repository (${directory})`)
}
