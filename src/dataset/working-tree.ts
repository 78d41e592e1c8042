/**
 * @module working-tree
 * What a git working tree holds beyond its HEAD commit: changed tracked files and untracked files that the
 * user's `.gitignore` does not exclude (new code is code too). A run from a dirty tree is refused unless
 * `--allow-dirty`, and then what it writes records these changes: their paths and one SHA-1 over their
 * content, which names the exact uncommitted code that ran.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { runGit } from '../git.ts'

/** Uncommitted changes, as a `.def` or a checkpoint records them. */
export interface WorkingTreeChanges {
  /** The changed paths (relative to the repository's top), sorted, at most {@link LISTED_PATHS}. */
  paths: string[]
  /** How many paths changed in all. */
  pathCount: number
  /** SHA-1 over every changed path and its content now (`deleted` for a deleted file). */
  contentSha1: string
}

/** Paths a record lists; the content SHA-1 covers them all. */
const LISTED_PATHS = 100

/**
 * The paths that differ from HEAD in the repository containing `directory`, relative to its top: changed,
 * added, deleted or renamed tracked files and untracked files not ignored. Empty outside a repository.
 */
const listChangedPaths = (directory: string): { top: string; paths: string[] } | undefined => {
  const top = runGit(['rev-parse', '--show-toplevel'], directory)
  if (!top.ok) return undefined
  // -z: paths exactly as they are (no quoting), NUL-separated; a rename is followed by its old path.
  const status = runGit(['status', '--porcelain=v1', '-z', '--untracked-files=all'], directory)
  if (!status.ok) return undefined
  const paths = new Set<string>()
  const fields = status.stdout.split('\0')
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index] as string
    if (field.length < 4) continue
    paths.add(field.slice(3))
    if (field[0] === 'R' || field[0] === 'C') {
      const source = fields[++index]
      if (source) paths.add(source)
    }
  }
  return { top: top.stdout.trim(), paths: [...paths].sort() }
}

const contentSha1Of = (top: string, paths: string[]): string => {
  const hasher = new Bun.CryptoHasher('sha1')
  for (const path of paths) {
    hasher.update(`${path}\0`)
    const file = join(top, path)
    try {
      hasher.update(statSync(file).isFile() ? readFileSync(file) : 'not a file')
    } catch {
      hasher.update('deleted')
    }
    hasher.update('\0')
  }
  return hasher.digest('hex')
}

/**
 * The uncommitted changes of the repository containing `directory`, or `undefined` when it is clean (or
 * not a git repository).
 */
export const loadWorkingTreeChanges = (directory: string = process.cwd()): WorkingTreeChanges | undefined => {
  const changed = listChangedPaths(directory)
  if (changed === undefined || changed.paths.length === 0) return undefined
  return {
    paths: changed.paths.slice(0, LISTED_PATHS),
    pathCount: changed.paths.length,
    contentSha1: contentSha1Of(changed.top, changed.paths),
  }
}

/** `a.ts, b.ts, c.ts and 4 more`: changed paths for a message. */
export const describeChanges = (changes: WorkingTreeChanges, shown = 5): string => {
  const listed = changes.paths.slice(0, shown).join(', ')
  const more = changes.pathCount - Math.min(shown, changes.paths.length)
  return more > 0 ? `${listed} and ${more} more` : listed
}
