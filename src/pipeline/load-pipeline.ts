/**
 * @module load-pipeline
 * Imports a user's pipeline module from disk (TypeScript, transpiled by Bun, with the virtual `hypergol`
 * module registered first) and builds its `Pipeline` from the run context. Used by the main thread and by
 * every Worker, which must end up with the same tasks.
 */
import { HypergolError } from '../errors.ts'
import { loadUserModule } from '../runtime/load-user-module.ts'
import { Pipeline, type RunContext } from './pipeline.ts'

/**
 * Loads the pipeline defined by the module at `path` (absolute).
 *
 * @throws HypergolError E_PIPELINE_LOAD when the file is missing, does not load, or its default export is
 *   neither a Pipeline nor a function returning one.
 */
export const loadPipeline = async (path: string, context: RunContext): Promise<Pipeline> =>
  buildPipeline(await importPipeline(path), path, context)

/**
 * Imports the pipeline module at `path` (absolute) and returns its default export, for
 * {@link buildPipeline}: the main thread imports it while git answers what the context needs.
 *
 * @throws HypergolError E_PIPELINE_LOAD when the file is missing or does not load.
 */
export const importPipeline = (path: string): Promise<unknown> =>
  loadUserModule(path, {
    kind: 'pipeline',
    code: 'E_PIPELINE_LOAD',
    expected: 'a .ts file whose default export is a Pipeline (see the README, "Pipelines")',
  })

/**
 * The pipeline a module's default export gives for `context`.
 *
 * @throws HypergolError E_PIPELINE_LOAD when it is neither a Pipeline nor a function returning one.
 */
export const buildPipeline = async (
  exported: unknown,
  path: string,
  context: RunContext,
): Promise<Pipeline> => {
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
