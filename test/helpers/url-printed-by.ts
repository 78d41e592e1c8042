/**
 * The URL a server in a child process prints once it listens, for the end-to-end tests, the demo and the
 * serve bench.
 */

/** The URL in `hypergol serve`'s "serving <long name> at <URL> (API page: …)" line. */
export const SERVE_URL = / at (http:\/\/\S+) /

/**
 * Reads the child's `streams` until `pattern`, whose first group is the URL, matches what they printed.
 * They are read on to their end, so that the child never blocks on a full pipe; `echo` sees all of it.
 *
 * @throws Error with everything printed when the child exits first.
 */
export const urlPrintedBy = (
  streams: ReadableStream<Uint8Array>[],
  exited: Promise<number>,
  pattern: RegExp,
  echo: (text: string) => void = () => {},
): Promise<string> =>
  new Promise((resolve, reject) => {
    let log = ''
    let found = false
    const readers = streams.map(async (stream) => {
      const decoder = new TextDecoder()
      for await (const chunk of stream) {
        const text = decoder.decode(chunk, { stream: true })
        echo(text)
        if (found) continue
        log += text
        const url = pattern.exec(log)?.[1]
        if (url !== undefined) {
          found = true
          resolve(url)
        }
      }
    })
    // Once the streams are read to their end too, so that the error shows all the child printed.
    void Promise.all([exited, ...readers]).then(([code]) =>
      reject(new Error(`the server exited with ${code} before listening:\n${log}`)),
    )
  })
