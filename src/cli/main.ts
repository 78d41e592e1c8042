/**
 * @module main
 * The binary's entry point and the only place that ends the process (STYLE.md §11).
 */
import { runCli } from './run-cli.ts'

const status = await runCli(process.argv.slice(2))
process.exit(status)
