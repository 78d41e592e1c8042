/**
 * @module interrupt
 * What to undo when the user interrupts a long command (Ctrl-C, SIGTERM): each piece of work that leaves
 * temporary files registers how to remove them while it runs. `handleInterrupts` runs them, most recent
 * first, then lets the signal end the process as it would have (exit 130 for Ctrl-C).
 */
import { getLogger } from './logger.ts'

const cleanups: (() => void)[] = []

/** Registers `cleanup` to run on an interrupt; returns the function that unregisters it. */
export const onInterrupt = (cleanup: () => void): (() => void) => {
  cleanups.push(cleanup)
  return () => {
    const index = cleanups.lastIndexOf(cleanup)
    if (index !== -1) cleanups.splice(index, 1)
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Runs the registered cleanups when SIGINT or SIGTERM arrives, then re-raises the signal with the default
 * handling. Returns the function that removes the handlers.
 */
export const handleInterrupts = (): (() => void) => {
  const handler = (signal: (typeof SIGNALS)[number]): void => {
    remove()
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        cleanup()
      } catch {
        // Best effort: what is left is found and removed by the next run.
      }
    }
    getLogger().warn(
      `interrupted (${signal}): the task in progress published nothing; its temporary files were removed`,
    )
    process.kill(process.pid, signal)
  }
  const remove = (): void => {
    for (const signal of SIGNALS) process.off(signal, handler)
  }
  for (const signal of SIGNALS) process.on(signal, handler)
  return remove
}
