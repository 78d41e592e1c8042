/**
 * One JSON line per figure on stdout: `{"suite":"dataset","name":"small_write","value":612345,"unit":"objects/s"}`.
 */
export const report = (suite: string, name: string, value: number, unit: string): void => {
  const rounded =
    unit === 'objects/s' || unit === 'requests/s' ? Math.round(value) : Math.round(value * 10) / 10
  process.stdout.write(`${JSON.stringify({ suite, name, value: rounded, unit })}\n`)
}

/** Runs `work` `repeat` times and returns the best wall time in ms (the least disturbed run). */
export const bestOf = async (repeat: number, work: () => unknown): Promise<number> => {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < repeat; i++) {
    const started = performance.now()
    await work()
    best = Math.min(best, performance.now() - started)
  }
  return best
}
