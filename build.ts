/**
 * Builds the single executable `dist/hypergol` (STACK.md §2). Every Worker file must be listed as an
 * entrypoint, and so is tfjs (`src/model/tf-entry.ts`), loaded only by code that uses it; flags that break
 * tfjs (`splitting`) are deliberately absent.
 */
import { buildUserLib } from './scripts/build-user-lib.ts'

await buildUserLib()
const result = await Bun.build({
  entrypoints: [
    'src/cli/main.ts',
    'src/pipeline/worker.ts',
    'src/dataset/gzip-worker.ts',
    'src/dataset/chunk-read-worker.ts',
    'src/model/tf-entry.ts',
  ],
  compile: {
    outfile: 'dist/hypergol',
    autoloadTsconfig: true,
    // A user's bunfig.toml `preload` or .env must never run inside hypergol.
    autoloadBunfig: false,
    autoloadDotenv: false,
    // hypergol as a plain module plus the type packages, for user projects (`hypergol types`).
    assets: ['build/user-lib'],
  },
  minify: true,
  bytecode: true,
  // --bytecode defaults to cjs, where top-level await fails.
  format: 'esm',
  // tfjs registers its platform in side-effect modules that tree-shaking would drop (STACK.md §2).
  ignoreDCEAnnotations: true,
})
if (!result.success) {
  for (const log of result.logs) console.error(log)
  process.exit(1)
}
for (const output of result.outputs) console.error(`built ${output.path}`)
