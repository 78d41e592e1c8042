/**
 * @module stdout
 * Writing data to stdout, waiting for it to drain, and stopping quietly when the reader went away
 * (`hypergol dataset cat … | head`).
 */

/** Thrown when stdout was closed by its reader; commands stop writing and succeed. */
export class StdoutClosed extends Error {
  override readonly name = 'StdoutClosed'
}

/**
 * Writes `text` to stdout and waits until it has been handed to the OS. Waiting matters: the process exits
 * right after a command, and a slow pipe reader would otherwise lose what is still buffered.
 */
export const writeStdout = (text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    if (text === '') {
      resolve()
      return
    }
    process.stdout.write(text, (error) => {
      if (!error) resolve()
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') reject(new StdoutClosed('stdout closed'))
      else reject(error)
    })
  })
