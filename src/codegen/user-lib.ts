/**
 * @module user-lib
 * Puts hypergol's library and the type packages a project needs into its `node_modules/` (STACK.md §9):
 * `hypergol` (a plain module and its `.d.ts` tree: user tests run on the bun inside the binary, which
 * cannot reach the binary's own modules) and the types of `bun:test` and Bun's globals. They come from the
 * binary (`build/user-lib`, embedded), or from `build/user-lib` when running from source.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { IN_BINARY } from '../entry-url.ts'
import { HypergolError } from '../errors.ts'

/** The type packages `bun:test` and Bun's globals need, copied from hypergol's pinned devDependencies. */
export const TYPE_PACKAGES = ['@types/bun', 'bun-types', '@types/node', 'undici-types']

/** The tfjs packages whose declarations `import * as tf from '@tensorflow/tfjs'` needs (no code). */
export const TFJS_TYPE_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-data',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-wasm',
]

/** The packages copied, by folder under `node_modules/`. */
const PACKAGES = ['hypergol', ...TYPE_PACKAGES, ...TFJS_TYPE_PACKAGES]

const sourceDir = (): string =>
  IN_BINARY ? '/$bunfs/root/user-lib' : join(import.meta.dir, '..', '..', 'build', 'user-lib')

const packageJsonOf = (root: string): string => join(root, 'hypergol', 'package.json')

/** Whether `projectRoot`'s `node_modules/hypergol` is the one this binary carries. */
export const isUserLibCurrent = (projectRoot: string): boolean => {
  const installed = packageJsonOf(join(projectRoot, 'node_modules'))
  return (
    existsSync(installed) &&
    readFileSync(installed, 'utf8') === readFileSync(packageJsonOf(sourceDir()), 'utf8')
  )
}

const copyTree = (from: string, to: string): void => {
  for (const entry of readdirSync(from, { recursive: true }) as string[]) {
    const source = join(from, entry)
    if (statSync(source).isDirectory()) continue
    const target = join(to, entry)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, readFileSync(source))
  }
}

/**
 * (Re)writes the packages into `projectRoot/node_modules/`, each replaced whole: a package is built under
 * a temporary name and renamed into place.
 *
 * @throws HypergolError E_IO when a package cannot be written.
 */
export const installUserLib = (projectRoot: string): void => {
  const from = sourceDir()
  if (!existsSync(packageJsonOf(from))) {
    throw new HypergolError('E_IO', `hypergol's library for projects is missing (${from})`, {
      hint: 'From source, build it first: bun run build.',
    })
  }
  const modules = join(projectRoot, 'node_modules')
  for (const name of PACKAGES) {
    const target = join(modules, name)
    const staging = `${target}.hypergol-${process.pid}.tmp`
    try {
      rmSync(staging, { recursive: true, force: true })
      copyTree(join(from, name), staging)
      rmSync(target, { recursive: true, force: true })
      renameSync(staging, target)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      throw new HypergolError('E_IO', `cannot write ${target}: ${(error as Error).message}`, {
        cause: error,
        hint: 'Check the permissions and free space of the project folder.',
      })
    }
  }
}
