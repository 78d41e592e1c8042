/**
 * @module timings
 * Where a command's wall time went, phase by phase (`hypergol run --timings`): the fixed costs of a run
 * (process start, git, loading the pipeline, starting Workers, merging, flushing to disk, publishing) are
 * what a user tunes by changing how work is split, so they are measured in the product, not only in benches.
 *
 * Phases are recorded always (two clock reads each) and printed only when asked. A phase recorded twice
 * (one per task) adds up.
 */

/** Milliseconds per phase, in the order phases were first recorded. */
const phases = new Map<string, number>()

/** Adds `milliseconds` to `phase`. */
export const addTiming = (phase: string, milliseconds: number): void => {
  phases.set(phase, (phases.get(phase) ?? 0) + milliseconds)
}

/** Runs `work`, adding its wall time to `phase`; the time counts even when it throws. */
export const timed = <T>(phase: string, work: () => T): T => {
  const started = performance.now()
  try {
    return work()
  } finally {
    addTiming(phase, performance.now() - started)
  }
}

/** {@link timed} for asynchronous work: the time until its promise settles. */
export const timedAsync = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now()
  try {
    return await work()
  } finally {
    addTiming(phase, performance.now() - started)
  }
}

/** The phases recorded so far, in order. */
export const recordedTimings = (): [phase: string, milliseconds: number][] => [...phases]

/** Forgets every phase (tests, and a process running more than one command). */
export const resetTimings = (): void => phases.clear()

/**
 * The phases as aligned lines, `  git          12.3 ms`, with the total since the process started last.
 * Phases that overlap (git is read while the Workers start) are each their own wall time.
 */
export const renderTimings = (total: number): string[] => {
  const rows: [string, number][] = [...phases, ['total', total]]
  const width = Math.max(...rows.map(([phase]) => phase.length))
  return rows.map(
    ([phase, milliseconds]) => `  ${phase.padEnd(width)}  ${milliseconds.toFixed(1).padStart(8)} ms`,
  )
}
