/**
 * @module repo-info
 * The git facts recorded in every `.def` (FORMAT.md §8): branch, commit, raw message and committer, read
 * through the git CLI. Outside a repository (or before the first commit) the original's dummy values are
 * used, with the original's warning.
 */
import { HypergolError } from '../errors.ts'
import { runGit } from '../git.ts'
import { getLogger } from '../logger.ts'
import {
  describeChanges,
  loadWorkingTreeChanges,
  type WorkingTreeChanges,
  type WorkingTreeOptions,
} from './working-tree.ts'

/**
 * The `repo` object of a `.def` (the keys are spelled as the original spells them: `comitter`), and the
 * uncommitted changes of the working tree, which a `.def` records apart (key `hypergolUncommitted`).
 */
export interface RepoInfo {
  branchName: string
  commitHash: string
  commitMessage: string
  comitterName: string
  comitterEmail: string
  /** The working tree's changes beyond the commit, when there are any (a run with `--allow-dirty`). */
  uncommitted?: WorkingTreeChanges
}

/** What the original records without a git repository. */
export const DUMMY_REPO_INFO: Readonly<RepoInfo> = Object.freeze({
  branchName: 'dummy',
  commitHash: '0'.repeat(40),
  commitMessage: 'dummy',
  comitterName: 'Dummy Dummy',
  comitterEmail: 'dummy@dummy.com',
})

/**
 * The branch HEAD is on, `DETACHED` on a detached HEAD, or `undefined` outside a repository or before the
 * first commit (one git process).
 */
const branchOf = (directory: string): string | undefined => {
  const head = runGit(['rev-parse', '--abbrev-ref', 'HEAD'], directory)
  if (!head.ok) return undefined
  const name = head.stdout.trim()
  // git names no branch HEAD; that answer means a detached HEAD.
  return name === 'HEAD' ? 'DETACHED' : name
}

/** Parses a raw commit object (`git cat-file commit HEAD`): headers, a blank line, then the message. */
export const parseCommitObject = (
  raw: string,
): { message: string; committerName: string; committerEmail: string } => {
  const split = raw.indexOf('\n\n')
  const headers = split === -1 ? raw : raw.slice(0, split)
  const message = split === -1 ? '' : raw.slice(split + 2)
  const committer = /^committer (.*) <([^>]*)> \d+ [+-]\d{4}$/m.exec(headers)
  return { message, committerName: committer?.[1] ?? '', committerEmail: committer?.[2] ?? '' }
}

/**
 * Reads the repository facts of HEAD for the repository containing `directory`, with its uncommitted
 * changes (what lies under `options.excluding`, the data directory, left out).
 *
 * @returns the facts, or {@link DUMMY_REPO_INFO} (with a warning) outside a repository or without commits.
 */
export const loadRepoInfo = (
  directory: string = process.cwd(),
  options: WorkingTreeOptions = {},
): RepoInfo => {
  const head = runGit(['rev-parse', '--verify', '-q', 'HEAD'], directory)
  const commit = head.ok ? runGit(['cat-file', 'commit', 'HEAD'], directory) : head
  if (!head.ok || !commit.ok) {
    getLogger().warn('Dummy repodata was used, data lineage disabled (not in a git repository with a commit)')
    return { ...DUMMY_REPO_INFO }
  }
  const { message, committerName, committerEmail } = parseCommitObject(commit.stdout)
  const uncommitted = loadWorkingTreeChanges(directory, options)
  return {
    branchName: branchOf(directory) ?? 'DETACHED',
    commitHash: head.stdout.trim(),
    commitMessage: message,
    comitterName: committerName,
    comitterEmail: committerEmail,
    ...(uncommitted === undefined ? {} : { uncommitted }),
  }
}

/**
 * The current branch of the repository containing `directory`: its name, `DETACHED` on a detached HEAD,
 * or the original's `dummy` outside a repository or before the first commit (as {@link loadRepoInfo}).
 */
export const loadBranchName = (directory: string = process.cwd()): string => {
  return branchOf(directory) ?? DUMMY_REPO_INFO.branchName
}

/**
 * Refuses a working tree with uncommitted changes, untracked files that `.gitignore` does not exclude
 * included: what is about to be recorded (datasets, models) would name a commit that is not the code that
 * ran. What lies under `options.excluding` (the data directory the run writes to) is no change.
 *
 * @throws HypergolError E_REPO_DIRTY naming the changed paths, whose hint names `--allow-dirty`.
 */
export const assertCleanRepo = (what = 'the datasets', options: WorkingTreeOptions = {}): void => {
  const changes = loadWorkingTreeChanges(process.cwd(), options)
  if (changes === undefined) return
  throw new HypergolError(
    'E_REPO_DIRTY',
    `the git working tree has uncommitted changes (${describeChanges(changes)}); ${what} would record a commit that does not hold the code that ran`,
    {
      hint: 'Commit them (git add -A && git commit), add what is not code to .gitignore, or rerun with --allow-dirty, which records the changes in what is written.',
    },
  )
}
