/**
 * @module load-user-module
 * Imports a user's module from disk (TypeScript, transpiled by Bun) with the virtual `hypergol` and
 * `@tensorflow/tfjs` modules registered first, turning a missing file or a failing import into one clear
 * error: pipelines, training scripts and served models are all loaded this way.
 */
import { existsSync } from 'node:fs'
import { type ErrorCode, HypergolError } from '../errors.ts'
import { registerVirtualModules } from './virtual-modules.ts'

/** What the module is to the user, for messages: `{ kind: 'pipeline', code: 'E_PIPELINE_LOAD', … }`. */
export interface UserModuleKind {
  /** E.g. `pipeline`, `training script`. */
  kind: string
  code: ErrorCode
  /** What the file should be, e.g. `a .ts file whose default export is a Pipeline`. */
  expected: string
}

/**
 * The default export of the module at `path` (absolute).
 *
 * @throws HypergolError `kind.code` when the file is missing or its import throws.
 */
export const loadUserModule = async (path: string, kind: UserModuleKind): Promise<unknown> => {
  if (!existsSync(path)) {
    throw new HypergolError(kind.code, `${kind.kind} file ${path} does not exist`, {
      hint: `Pass the path of ${kind.expected}.`,
    })
  }
  registerVirtualModules()
  try {
    return ((await import(path)) as { default?: unknown }).default
  } catch (error) {
    if (error instanceof HypergolError) throw error
    throw new HypergolError(
      kind.code,
      `cannot load ${kind.kind} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint: 'Fix the module (or one it imports); rerun with --debug for the stack trace.' },
    )
  }
}
