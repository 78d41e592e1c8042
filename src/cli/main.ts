/**
 * @module main
 * The binary's entry point and the only place that ends the process (STYLE.md §11).
 */
import { reportUnhandledRejection, runCli } from './run-cli.ts'

// A promise of user code (a pipeline module, a training script, finishTask) that rejects with nobody to
// catch it ends the run with one line naming where it came from, as a failed task does.
process.on('unhandledRejection', (reason: unknown) => {
  process.exit(reportUnhandledRejection(reason, process.argv.slice(2)))
})

const status = await runCli(process.argv.slice(2))
// Bun reports a rejection nobody caught once the event loop turns: let it, before ending with a status.
await new Promise((resolve) => setImmediate(resolve))
process.exit(status)
