/**
 * @module progress
 * Progress of long work on stderr: a redrawn bar on a terminal; otherwise milestone lines (every 10 % or
 * 10 s, once the work has taken over a second), so CI logs stay readable (STACK.md §12).
 */
import { getLogger } from './logger.ts'

/** A running progress report. */
export interface Progress {
  /** Sets the number of units done so far, with an optional detail (such as a rate) shown after it. */
  update(done: number, detail?: string): void
  /** Clears the bar (on a terminal); milestone mode prints nothing more. */
  finish(): void
}

const BAR_WIDTH = 28
const MILESTONE_SECONDS = 10
const REDRAW_MS = 100
/** Work shorter than this prints no milestones at all. */
const QUIET_SECONDS = 1

const isInteractive = (): boolean => Boolean(process.stderr.isTTY) && !process.env.CI

/**
 * Starts a progress report for `total` units of `unit` (e.g. `chunks`).
 *
 * @example
 * const progress = startProgress('verify records', 16, 'chunks')
 * progress.update(3)
 * progress.finish()
 */
export const startProgress = (label: string, total: number, unit: string): Progress => {
  const started = performance.now()
  const interactive = isInteractive()
  let lastMilestone = 0
  let lastLine = started
  let lastDraw = 0
  return {
    update(done, detail) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total)
      const seconds = (performance.now() - started) / 1000
      if (interactive) {
        // Redrawing costs a write per update; a few per second is all a reader sees anyway.
        const now = performance.now()
        if (now - lastDraw < REDRAW_MS && done < total) return
        lastDraw = now
        const filled = Math.round(fraction * BAR_WIDTH)
        const eta = done > 0 ? (seconds / done) * (total - done) : 0
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
        const extra = detail === undefined ? '' : ` ${detail}`
        process.stderr.write(
          `\r${label} ${bar} ${done}/${total} ${unit}${extra} ETA ${eta.toFixed(0)}s \x1b[K`,
        )
        return
      }
      const milestone = Math.floor(fraction * 10)
      if (seconds < QUIET_SECONDS) return
      if (milestone > lastMilestone || performance.now() - lastLine > MILESTONE_SECONDS * 1000) {
        lastMilestone = milestone
        lastLine = performance.now()
        getLogger().info(
          `${label}: ${done}/${total} ${unit} (${Math.round(fraction * 100)}%, ${seconds.toFixed(1)}s)${detail === undefined ? '' : `, ${detail}`}`,
        )
      }
    },
    finish() {
      if (interactive) process.stderr.write('\r\x1b[K')
    },
  }
}
