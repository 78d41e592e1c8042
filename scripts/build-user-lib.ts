/**
 * Builds `build/user-lib/`, which the binary embeds and `hypergol types` copies into a user project's
 * `node_modules/` (STACK.md §9): hypergol as a plain module with its `.d.ts` tree (for user tests, which
 * run on the bun inside the binary, where the binary's own modules are not reachable), and the type
 * packages that `bun:test` and Bun's globals need in an editor and in `hypergol check`.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pkg from '../package.json' with { type: 'json' }
import { TFJS_TYPE_PACKAGES, TYPE_PACKAGES } from '../src/codegen/user-lib.ts'

const ROOT = join(import.meta.dir, '..')
const OUT = join(ROOT, 'build', 'user-lib')

/** SHA-1 over every file's path and bytes under `directory`. */
const contentHash = (directory: string): string => {
  const hasher = new Bun.CryptoHasher('sha1')
  for (const entry of (readdirSync(directory, { recursive: true }) as string[]).sort()) {
    const path = join(directory, entry)
    if (statSync(path).isDirectory()) continue
    hasher.update(entry)
    hasher.update(readFileSync(path))
  }
  return hasher.digest('hex')
}

export const buildUserLib = async (): Promise<void> => {
  rmSync(OUT, { recursive: true, force: true })
  const runtime = await Bun.build({
    // The library, and the entrypoints it loads by URL (entry-url.ts): tfjs with its wasm files, and the
    // gzip Worker of large dataset writes.
    entrypoints: [
      'index.ts',
      'dataset/gzip-worker.ts',
      'dataset/chunk-read-worker.ts',
      'model/tf-entry.ts',
    ].map((file) => join(ROOT, 'src', file)),
    root: join(ROOT, 'src'),
    outdir: join(OUT, 'hypergol'),
    target: 'bun',
    format: 'esm',
    minify: true,
    // As in build.ts: tfjs registers its platform in modules tree-shaking would drop.
    ignoreDCEAnnotations: true,
  })
  if (!runtime.success) {
    for (const log of runtime.logs) console.error(log)
    throw new Error('building the hypergol runtime for user projects failed')
  }
  const types = Bun.spawnSync(['bun', 'x', 'tsc', '-p', 'tsconfig.user-lib.json'], {
    cwd: ROOT,
    stdout: 'inherit',
    stderr: 'inherit',
  })
  if (types.exitCode !== 0) throw new Error('emitting the hypergol .d.ts tree failed')
  writeFileSync(
    join(OUT, 'hypergol', 'package.json'),
    `${JSON.stringify(
      {
        name: 'hypergol',
        version: pkg.version,
        type: 'module',
        main: 'index.js',
        types: 'types/index.d.ts',
        // Tells `hypergol test` that a project's copy is stale even when the version is unchanged.
        build: contentHash(join(OUT, 'hypergol')),
      },
      null,
      2,
    )}\n`,
  )
  writeFileSync(join(OUT, 'hypergol', 'test-preload.js'), TEST_PRELOAD)
  // Copied as they are, Bun's docs folder left out.
  for (const name of TYPE_PACKAGES) {
    const target = join(OUT, name)
    mkdirSync(target, { recursive: true })
    cpSync(join(ROOT, 'node_modules', name), target, {
      recursive: true,
      filter: (source) => !source.includes(`${name}/docs`),
    })
  }
  // tfjs's declarations only (its code is in hypergol's tf-entry.js): about 3 MB instead of 280.
  for (const name of TFJS_TYPE_PACKAGES) {
    cpSync(join(ROOT, 'node_modules', name), join(OUT, name), {
      recursive: true,
      filter: (source) =>
        statSync(source).isDirectory()
          ? !/\/(src|scripts|wasm-out)$/.test(source)
          : /(\.d\.ts|package\.json)$/.test(source) && !source.endsWith('_test.d.ts'),
    })
  }
}

/**
 * A project's `[test] preload` (its bunfig.toml): `@tensorflow/tfjs` in the project's tests is hypergol's
 * own tfjs, on the WASM backend with the training kernels it lacks, as in `hypergol train` (STACK.md §9).
 */
const TEST_PRELOAD = `import { plugin } from 'bun'
plugin({
  name: 'hypergol-tfjs',
  setup(build) {
    build.module('@tensorflow/tfjs', async () => {
      const { loadTf } = await import('hypergol')
      const tf = await loadTf()
      return { exports: { ...tf, default: tf }, loader: 'object' }
    })
  },
})
`

if (import.meta.main) await buildUserLib()
