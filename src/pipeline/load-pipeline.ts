/**
 * @module load-pipeline
 * Imports a user's pipeline module from disk (TypeScript, transpiled by Bun, with the virtual `hypergol`
 * module registered first) and builds its `Pipeline` from the run context. Used by the main thread and by
 * every Worker, which must end up with the same tasks.
 */
import { existsSync } from 'node:fs'
import { HypergolError } from '../errors.ts'
import { registerVirtualModules } from '../runtime/virtual-modules.ts'
import { Pipeline, type RunContext } from './pipeline.ts'

/**
 * Loads the pipeline defined by the module at `path` (absolute).
 *
 * @throws HypergolError E_PIPELINE_LOAD when the file is missing, does not load, or its default export is
 *   neither a Pipeline nor a function returning one.
 */
export const loadPipeline = async (path: string, context: RunContext): Promise<Pipeline> => {
  if (!existsSync(path)) {
    throw new HypergolError('E_PIPELINE_LOAD', `pipeline file ${path} does not exist`, {
      hint: 'Pass the path of a .ts file whose default export is a Pipeline (see the README, "Pipelines").',
    })
  }
  registerVirtualModules()
  let module: { default?: unknown }
  try {
    module = await import(path)
  } catch (error) {
    if (error instanceof HypergolError) throw error
    throw new HypergolError(
      'E_PIPELINE_LOAD',
      `cannot load pipeline ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint: 'Fix the module (or one it imports); rerun with --debug for the stack trace.' },
    )
  }
  const exported = module.default
  const pipeline: unknown =
    typeof exported === 'function' ? await (exported as (context: RunContext) => unknown)(context) : exported
  if (!(pipeline instanceof Pipeline)) {
    throw new HypergolError(
      'E_PIPELINE_LOAD',
      `${path}: the default export must be a Pipeline or a function (context) => Pipeline`,
      { hint: "export default (context: RunContext) => new Pipeline([...]), with Pipeline from 'hypergol'." },
    )
  }
  return pipeline
}
