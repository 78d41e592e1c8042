/**
 * A Worker for the pipeline suite's ceiling figure: allocation-heavy JavaScript with no I/O, no hypergol
 * code and nothing shared, timed from the message that starts it.
 */
declare const self: Worker

self.onmessage = () => {
  const started = performance.now()
  let sum = 0
  for (let i = 0; i < 3_000_000; i++) {
    const object = { a: i, b: `x${i}`, c: [i, i + 1] }
    sum += object.b.length + object.c.length
  }
  self.postMessage({ ms: performance.now() - started, sum })
}
