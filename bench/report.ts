/**
 * One JSON line per figure on stdout: `{"suite":"dataset","name":"small_write","value":612345,"unit":"objects/s"}`.
 */
export const report = (suite: string, name: string, value: number, unit: string): void => {
  const rounded =
    unit === 'objects/s' || unit === 'requests/s' || unit === 'samples/s'
      ? Math.round(value)
      : Math.round(value * 10) / 10
  process.stdout.write(`${JSON.stringify({ suite, name, value: rounded, unit })}\n`)
}

/** The wall time of one run of `work`, in ms. */
export const timeOf = async (work: () => unknown): Promise<number> => {
  const started = performance.now()
  await work()
  return performance.now() - started
}
