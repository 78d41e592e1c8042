/**
 * A server for the serve suite, in a process of its own: `bun bench/serve-target.ts bare|identity`.
 * `bare` is `Bun.serve` answering every request with one fixed JSON body; `identity` is hypergol's serving
 * app (validation, batching off, metrics, headers, its listener: everything but a model) around a model that answers
 * each Brown `Tokens` object with itself. Prints the URL on stdout once listening.
 */
import { Tokens } from '../examples/brown-pos/data-models/tokens.ts'
import { createServeApp } from '../src/serve/app.ts'
import { listenForModel } from '../src/serve/server.ts'

const kind = process.argv[2]
const FIXED = JSON.stringify([{ words: ['The', 'jury', 'said', '.'] }, { words: ['It', 'was', 'late', '.'] }])

if (kind === 'bare') {
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (request) => {
      await request.arrayBuffer()
      return new Response(FIXED, { headers: { 'content-type': 'application/json' } })
    },
  })
  console.log(`http://127.0.0.1:${server.port}`)
} else if (kind === 'identity') {
  const served = createServeApp(
    {
      modelName: 'Identity',
      longName: 'Identity_20261203_0000000000000000000000000000000000000000',
      step: 0,
      inputClass: Tokens,
      outputClass: Tokens,
      predict: (objects) => [...objects],
      lineage: {},
    },
    { version: 'bench', maxItems: 1000, maxBodyBytes: 10 * 1024 * 1024 },
  )
  // Listening as hypergol serve does (src/serve/server.ts).
  const listener = await listenForModel(
    'Identity_20261203_0000000000000000000000000000000000000000',
    served.metrics,
    {
      host: '127.0.0.1',
      port: 0,
      fetch: served.fetch,
      idleTimeoutSeconds: 30,
    },
  )
  console.log(`http://127.0.0.1:${listener.port}`)
} else {
  throw new Error('usage: serve-target.ts bare|identity')
}
