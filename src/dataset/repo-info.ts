/**
 * @module repo-info
 * The git facts recorded in every `.def` (FORMAT.md §8): branch, commit, raw message and committer, read
 * through the git CLI. Outside a repository (or before the first commit) the original's dummy values are
 * used, with the original's warning.
 */
import { HypergolError } from '../errors.ts'
import { type GitProgram, type GitResult, runGit, runGitProgram, runGitProgramAsync } from '../git.ts'
import { getLogger } from '../logger.ts'
import {
  changesUnder,
  describeChanges,
  loadWorkingTreeChanges,
  SHOW_TOPLEVEL,
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

/** The git command naming HEAD's branch (`HEAD` on a detached HEAD). */
const ABBREV_HEAD = ['rev-parse', '--abbrev-ref', 'HEAD']

/**
 * The branch HEAD is on, from git's answer to {@link ABBREV_HEAD}: `DETACHED` on a detached HEAD, or
 * `undefined` outside a repository or before the first commit.
 */
const branchIn = (head: GitResult | undefined): string | undefined => {
  if (!head?.ok) return undefined
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

/** What git is asked for {@link loadRepoInfo}: two batches (HEAD's facts, then the working tree's status). */
function* repoInfo(options: WorkingTreeOptions): GitProgram<RepoInfo> {
  const [head, commit, branch, top] = yield [
    ['rev-parse', '--verify', '-q', 'HEAD'],
    ['cat-file', 'commit', 'HEAD'],
    ABBREV_HEAD,
    [...SHOW_TOPLEVEL],
  ]
  if (!head?.ok || !commit?.ok) {
    getLogger().warn('Dummy repodata was used, data lineage disabled (not in a git repository with a commit)')
    return { ...DUMMY_REPO_INFO }
  }
  const { message, committerName, committerEmail } = parseCommitObject(commit.stdout)
  const uncommitted = yield* changesUnder(top, options)
  return {
    branchName: branchIn(branch) ?? 'DETACHED',
    commitHash: head.stdout.trim(),
    commitMessage: message,
    comitterName: committerName,
    comitterEmail: committerEmail,
    ...(uncommitted === undefined ? {} : { uncommitted }),
  }
}

/** Facts read ahead by {@link prefetchRepoInfo}, by directory and left-out folder, each used once. */
const prefetched = new Map<string, RepoInfo>()

const prefetchKey = (directory: string, options: WorkingTreeOptions): string =>
  `${directory}\0${options.excluding ?? ''}`

/**
 * Reads what {@link loadRepoInfo} would, with its git processes running at the same time and without
 * blocking the thread, and keeps it for the next `loadRepoInfo` of the same directory and left-out folder:
 * `hypergol run` does this while a task's Workers start. Returns a function that drops the facts if they
 * were not used (call it when the work they were read for ends).
 */
export const prefetchRepoInfo = async (
  directory: string = process.cwd(),
  options: WorkingTreeOptions = {},
): Promise<() => void> => {
  const key = prefetchKey(directory, options)
  prefetched.set(key, await runGitProgramAsync(repoInfo(options), directory))
  return () => prefetched.delete(key)
}

/**
 * Reads the repository facts of HEAD for the repository containing `directory`, with its uncommitted
 * changes (what lies under `options.excluding`, the data directory, left out); facts read ahead by
 * {@link prefetchRepoInfo} for the same directory and folder are used instead, once.
 *
 * @returns the facts, or {@link DUMMY_REPO_INFO} (with a warning) outside a repository or without commits.
 */
export const loadRepoInfo = (
  directory: string = process.cwd(),
  options: WorkingTreeOptions = {},
): RepoInfo => {
  const key = prefetchKey(directory, options)
  const ready = prefetched.get(key)
  if (ready !== undefined) {
    prefetched.delete(key)
    return ready
  }
  return runGitProgram(repoInfo(options), directory)
}

/**
 * The current branch of the repository containing `directory`: its name, `DETACHED` on a detached HEAD,
 * or the original's `dummy` outside a repository or before the first commit (as {@link loadRepoInfo}).
 */
export const loadBranchName = (directory: string = process.cwd()): string =>
  branchIn(runGit(ABBREV_HEAD, directory)) ?? DUMMY_REPO_INFO.branchName

/** What a run needs from git before it starts: the branch, and the uncommitted changes when asked. */
export interface RunStartFacts {
  branch: string
  changes: WorkingTreeChanges | undefined
}

/**
 * Reads, without blocking the thread and with its git processes at the same time, the branch of the
 * repository containing `directory` and (when `withChanges`) its uncommitted changes, for
 * {@link assertNoChanges}.
 */
export const readRunStartFacts = (
  directory: string,
  withChanges: boolean,
  options: WorkingTreeOptions = {},
): Promise<RunStartFacts> =>
  runGitProgramAsync(
    (function* (): GitProgram<RunStartFacts> {
      const [branch, top] = yield withChanges ? [ABBREV_HEAD, [...SHOW_TOPLEVEL]] : [ABBREV_HEAD]
      const changes = withChanges ? yield* changesUnder(top, options) : undefined
      return { branch: branchIn(branch) ?? DUMMY_REPO_INFO.branchName, changes }
    })(),
    directory,
  )

/**
 * Refuses a working tree with uncommitted changes, untracked files that `.gitignore` does not exclude
 * included: what is about to be recorded (datasets, models) would name a commit that is not the code that
 * ran. What lies under `options.excluding` (the data directory the run writes to) is no change.
 *
 * @throws HypergolError E_REPO_DIRTY naming the changed paths, whose hint names `--allow-dirty`.
 */
export const assertCleanRepo = (what = 'the datasets', options: WorkingTreeOptions = {}): void =>
  assertNoChanges(loadWorkingTreeChanges(process.cwd(), options), what)

/**
 * {@link assertCleanRepo} for changes read already.
 *
 * @throws HypergolError E_REPO_DIRTY.
 */
export const assertNoChanges = (changes: WorkingTreeChanges | undefined, what = 'the datasets'): void => {
  if (changes === undefined) return
  throw new HypergolError(
    'E_REPO_DIRTY',
    `the git working tree has uncommitted changes (${describeChanges(changes)}); ${what} would record a commit that does not hold the code that ran`,
    {
      hint: 'Commit them (git add -A && git commit), add what is not code to .gitignore, or rerun with --allow-dirty, which records the changes in what is written.',
    },
  )
}
