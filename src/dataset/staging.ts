/**
 * @module staging
 * Crash-safe publication (FORMAT.md §12). A dataset is built in a hidden staging directory next to its
 * final place, `.<name>.writing-<pid>`, which is not a dataset path to hypergol or Python. Only when every
 * chunk, the `.def` and (last) the `.chk` are written and flushed to disk is the directory renamed into place
 * in one atomic step. A killed writer therefore leaves only a staging directory, which the next attempt
 * finds and reports (or removes with `force`).
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { HypergolError } from '../errors.ts'
import { writingTo } from '../os-error.ts'

const STAGING_RE = /^\.(.+)\.writing-(\d+)$/

/** The staging directory this process uses for the dataset at `directory`. */
const stagingPathOf = (directory: string, pid: number = process.pid): string =>
  join(dirname(directory), `.${basename(directory)}.writing-${pid}`)

/** A staging directory left for the dataset at `directory`, with the pid of the process that made it. */
export interface StagingLeftover {
  path: string
  pid: number
  /** Whether that process is still running (then it is probably still writing). */
  alive: boolean
}

/** Whether process `pid` is running (it may belong to another user). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Lists staging directories of the dataset at `directory` (normally none). */
export const findStagingLeftovers = (directory: string): StagingLeftover[] => {
  const parent = dirname(directory)
  const name = basename(directory)
  let entries: string[]
  try {
    entries = readdirSync(parent)
  } catch {
    return []
  }
  const leftovers: StagingLeftover[] = []
  for (const entry of entries) {
    const match = STAGING_RE.exec(entry)
    if (match?.[1] !== name) continue
    const pid = Number(match[2])
    leftovers.push({ path: join(parent, entry), pid, alive: pid !== process.pid && isAlive(pid) })
  }
  return leftovers
}

/** How {@link leftoverError} words its error for one caller. */
export interface LeftoverWording {
  /** How the dataset is named: `dataset /d/x`, `output /d/x`. */
  dataset: string
  /** What leads the message: `SummariseRecords: `. @default nothing */
  lead?: string
  /** What the hint says first: what did not happen. */
  outcome: string
  /** A way to remove a dead writer's leftover other than `rm`, the caller's own (`Rerun with --rebuild`). */
  remedy?: string
}

/**
 * The error for a staging directory left at a dataset: E_DATASET_BUSY when its writer runs (it is never
 * disturbed), E_DATASET_STALE_WRITE when it died; both name the exact `rm` that removes it. The one
 * wording of these errors, for a writer and for `hypergol run`'s check before anything runs.
 */
export const leftoverError = (leftover: StagingLeftover, wording: LeftoverWording): HypergolError => {
  const lead = wording.lead ?? ''
  const rm = `rm -rf '${leftover.path}'`
  if (leftover.alive) {
    return new HypergolError(
      'E_DATASET_BUSY',
      `${lead}${wording.dataset} is being written by process ${leftover.pid} (staging directory ${leftover.path})`,
      { hint: `${wording.outcome} Wait for that writer to finish; if it is not running, delete it: ${rm}` },
    )
  }
  return new HypergolError(
    'E_DATASET_STALE_WRITE',
    `${lead}an earlier write of ${wording.dataset} was interrupted and left ${leftover.path}`,
    {
      hint: `${wording.outcome} ${wording.remedy === undefined ? 'Delete it' : `${wording.remedy}, or delete it`}: ${rm}`,
    },
  )
}

/**
 * Creates this process's staging directory for the dataset at `directory`, after dealing with leftovers:
 * a running writer is never disturbed; a dead one's directory is removed with `force`, otherwise reported
 * with the exact command that removes it.
 *
 * @throws HypergolError E_DATASET_BUSY, E_DATASET_STALE_WRITE.
 */
export const createStaging = (directory: string, force: boolean): string => {
  for (const leftover of findStagingLeftovers(directory)) {
    if (leftover.alive || !force) {
      throw leftoverError(leftover, { dataset: `dataset ${directory}`, outcome: 'Nothing was published.' })
    }
    rmSync(leftover.path, { recursive: true, force: true })
  }
  const staging = stagingPathOf(directory)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  return staging
}

/** Flushes a file or directory to disk. */
export const fsyncPath = (path: string): void =>
  writingTo(path, () => {
    const fd = openSync(path, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  })

/** Above this many files, one `syncfs` beats an `fsync` each (4096 fsyncs took 1.3 s here, syncfs 14 ms). */
const SYNCFS_THRESHOLD = 64

/**
 * Flushes the given files of `directory` to disk. For many files, `sync -f` (one syncfs(2) call for the
 * whole filesystem) replaces thousands of fsyncs; Bun has no syncfs of its own, so we fall back to one
 * fsync per file where `sync -f` is missing or fails.
 */
export const fsyncFiles = (paths: string[], directory: string): void => {
  if (paths.length > SYNCFS_THRESHOLD) {
    try {
      const result = Bun.spawnSync(['sync', '-f', directory], { stdout: 'ignore', stderr: 'ignore' })
      if (result.exitCode === 0) return
    } catch {
      // No `sync` binary: fsync file by file below.
    }
  }
  for (const path of paths) fsyncPath(path)
}

/** Options of {@link publishStaging}. */
interface PublishOptions {
  /** Swap out a dataset already at `directory` (it is deleted once the new one is in place). */
  replace?: boolean
}

/**
 * Publishes a finished staging directory as the dataset at `directory` with one atomic rename, then
 * flushes the parent directory so the rename itself survives a power cut. When replacing, the old dataset
 * is first renamed aside (`.<name>.replaced-<pid>`): a crash between the two renames leaves it there,
 * complete, rather than losing it.
 *
 * @throws HypergolError E_DATASET_EXISTS when a dataset appeared there meanwhile.
 */
export const publishStaging = (staging: string, directory: string, options: PublishOptions = {}): void => {
  fsyncPath(staging)
  const aside = join(dirname(directory), `.${basename(directory)}.replaced-${process.pid}`)
  const replacing = options.replace === true && existsSync(directory)
  if (replacing) {
    rmSync(aside, { recursive: true, force: true })
    renameSync(directory, aside)
  }
  try {
    renameSync(staging, directory)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') {
      throw new HypergolError(
        'E_DATASET_EXISTS',
        `dataset ${directory} appeared while this one was written`,
        {
          cause: error,
          hint: `The new data is kept in ${staging}; delete one of them and retry.`,
        },
      )
    }
    throw error
  }
  fsyncPath(dirname(directory))
  if (replacing) rmSync(aside, { recursive: true, force: true })
}
