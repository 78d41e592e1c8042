/**
 * @module scratch
 * A task's scratch directory, `<location>/temp/<out>_temp/` (RUNTIME.md §3), holding one temporary dataset
 * per job until the merge. It carries the pid of the run that owns it: a directory whose owner is gone is
 * stale (a crashed or killed run) and is removed with a warning; one whose owner is alive means another
 * run is writing the same output. Removed on success and on failure, with `temp/` itself once empty.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { isAlive } from '../dataset/staging.ts'
import { HypergolError } from '../errors.ts'
import { onInterrupt } from '../interrupt.ts'
import { getLogger } from '../logger.ts'

const OWNER_FILE = '.owner-pid'

/** The scratch directories this process holds, with the function that stops removing each on an interrupt. */
const held = new Map<string, () => void>()

/** The scratch directory of the task writing `outputName` under `location`. */
export const scratchDirOf = (location: string, outputName: string): string =>
  join(location, 'temp', `${outputName}_temp`)

const ownerOf = (directory: string): number | undefined => {
  try {
    const pid = Number(readFileSync(join(directory, OWNER_FILE), 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Removes `directory`, and `temp/` when nothing else is left in it. */
const removeScratch = (directory: string): void => {
  rmSync(directory, { recursive: true, force: true })
  const temp = dirname(directory)
  try {
    if (readdirSync(temp).length === 0) rmdirSync(temp)
  } catch {
    // Already gone, or another run's scratch is there: leave it.
  }
}

/**
 * Creates this run's scratch directory, after removing a stale one.
 *
 * @throws HypergolError E_TASK_BUSY when a running process owns it.
 */
export const acquireScratch = (directory: string): void => {
  if (existsSync(directory)) {
    const owner = ownerOf(directory)
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new HypergolError(
        'E_TASK_BUSY',
        `${directory} belongs to a run in progress (process ${owner}) writing the same output`,
        { hint: `Wait for it to finish. If no such run exists, delete it: rm -rf '${directory}'` },
      )
    }
    getLogger().warn(
      `removing ${directory}, left by an interrupted run${owner === undefined ? '' : ` (process ${owner})`}`,
    )
    rmSync(directory, { recursive: true, force: true })
  }
  mkdirSync(directory, { recursive: true })
  writeFileSync(join(directory, OWNER_FILE), `${process.pid}\n`)
  held.set(
    directory,
    onInterrupt(() => removeScratch(directory)),
  )
}

/** Removes the scratch directory, and `temp/` when nothing else is left in it. */
export const releaseScratch = (directory: string): void => {
  held.get(directory)?.()
  held.delete(directory)
  removeScratch(directory)
}
