/**
 * @module working-tree
 * What a git working tree holds beyond its HEAD commit: changed tracked files and untracked files that the
 * user's `.gitignore` does not exclude (new code is code too). A run from a dirty tree is refused unless
 * `--allow-dirty`, and then what it writes records these changes: their paths and one SHA-1 over their
 * content, which names the exact uncommitted code that ran.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { type GitProgram, type GitResult, runGitProgram } from '../git.ts'

/** Uncommitted changes, as a `.def` or a checkpoint records them. */
export interface WorkingTreeChanges {
  /** The changed paths (relative to the repository's top), sorted, at most {@link LISTED_PATHS}. */
  paths: string[]
  /** How many paths changed in all. */
  pathCount: number
  /**
   * SHA-1 over every changed path and its content now (`deleted` for a deleted file; size and modification
   * time for a file over 64 MB).
   */
  contentSha1: string
}

/** Paths a record lists; the content SHA-1 covers them all. */
const LISTED_PATHS = 100

/** Files above this size are not read: their size and modification time stand for their content. */
const LARGE_FILE_BYTES = 64 * 1024 * 1024

/** Options of {@link loadWorkingTreeChanges}. */
export interface WorkingTreeOptions {
  /**
   * A folder whose content is no change of the code: the run's data directory, which may lie inside the
   * repository without being ignored (its datasets are what the run writes, not what it runs).
   */
  excluding?: string
}

/** The pathspec leaving `excluding` out, when it lies inside the repository at `top` (and is not all of it). */
const excludePathspecOf = (top: string, excluding: string | undefined): string[] => {
  if (excluding === undefined) return []
  let real: string
  try {
    // git names the top by its real path; a data directory given through a symlink must compare with it.
    real = realpathSync(excluding)
  } catch {
    return [] // not there yet: nothing in it to leave out
  }
  const inside = relative(top, real)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return []
  return [`:(top,exclude,literal)${inside}`]
}

/** The git command naming the repository's top folder: batched by callers with the others they need. */
export const SHOW_TOPLEVEL: readonly string[] = ['rev-parse', '--show-toplevel']

/**
 * The paths that differ from HEAD in the repository whose top is `top`: changed, added, deleted or renamed
 * tracked files and untracked files not ignored, outside `excluding`, relative to the top, sorted.
 */
function* listChangedPaths(top: string, excluding: string | undefined): GitProgram<string[] | undefined> {
  // -z: paths exactly as they are (no quoting), NUL-separated; a rename or copy is followed by its old path.
  const [status] = yield [
    [
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--',
      ':(top)',
      ...excludePathspecOf(top, excluding),
    ],
  ]
  if (!status?.ok) return undefined
  const paths = new Set<string>()
  const fields = status.stdout.split('\0')
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index] as string
    if (field.length < 4) continue
    paths.add(field.slice(3))
    // Staged (X column) or, for a file added with --intent-to-add, in the working tree (Y column).
    const [x, y] = [field[0], field[1]]
    if (x === 'R' || x === 'C' || y === 'R' || y === 'C') {
      const source = fields[++index]
      if (source) paths.add(source)
    }
  }
  return [...paths].sort()
}

const contentSha1Of = (top: string, paths: string[]): string => {
  const hasher = new Bun.CryptoHasher('sha1')
  for (const path of paths) {
    hasher.update(`${path}\0`)
    const file = join(top, path)
    try {
      const stat = statSync(file)
      // A large file (a model, a data dump) would cost seconds at every run: its size and modification
      // time stand for its content, which tells any rewrite short of one restoring both.
      if (!stat.isFile()) hasher.update('not a file')
      else if (stat.size > LARGE_FILE_BYTES)
        hasher.update(`large file: ${stat.size} bytes, mtime ${stat.mtimeMs}`)
      else hasher.update(readFileSync(file))
    } catch {
      hasher.update('deleted')
    }
    hasher.update('\0')
  }
  return hasher.digest('hex')
}

/**
 * The uncommitted changes, given git's answer to {@link SHOW_TOPLEVEL} (asked by the caller along with
 * what else it needs): `undefined` when the tree is clean or this is not a git repository.
 */
export function* changesUnder(
  top: GitResult | undefined,
  options: WorkingTreeOptions = {},
): GitProgram<WorkingTreeChanges | undefined> {
  if (!top?.ok) return undefined
  const topPath = top.stdout.trim()
  const paths = yield* listChangedPaths(topPath, options.excluding)
  if (paths === undefined || paths.length === 0) return undefined
  return {
    paths: paths.slice(0, LISTED_PATHS),
    pathCount: paths.length,
    contentSha1: contentSha1Of(topPath, paths),
  }
}

/** What git is asked for {@link loadWorkingTreeChanges}. */
function* workingTreeChanges(options: WorkingTreeOptions = {}): GitProgram<WorkingTreeChanges | undefined> {
  const [top] = yield [[...SHOW_TOPLEVEL]]
  return yield* changesUnder(top, options)
}

/**
 * The uncommitted changes of the repository containing `directory`, or `undefined` when it is clean (or
 * not a git repository).
 */
export const loadWorkingTreeChanges = (
  directory: string = process.cwd(),
  options: WorkingTreeOptions = {},
): WorkingTreeChanges | undefined => runGitProgram(workingTreeChanges(options), directory)

/** `a.ts, b.ts, c.ts and 4 more`: changed paths for a message. */
export const describeChanges = (changes: WorkingTreeChanges, shown = 5): string => {
  const listed = changes.paths.slice(0, shown).join(', ')
  const more = changes.pathCount - Math.min(shown, changes.paths.length)
  return more > 0 ? `${listed} and ${more} more` : listed
}
