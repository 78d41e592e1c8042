/**
 * @module task-sources
 * The project files each task of a pipeline depends on: those the module defining its class imports,
 * transitively (helpers, data classes), found from the pipeline module's imports. They make up the task's
 * fingerprint, so that changing a helper makes the task's output stale by itself.
 */
import { dirname } from 'node:path'
import { collectLocalSources, findExportingModule, relativeSources } from '../runtime/local-sources.ts'
import type { Task } from './task.ts'

/**
 * For each of `tasks`, its project files (path relative to the pipeline module's folder → SHA-1). A task
 * class defined in no module the pipeline imports statically (in the pipeline module itself, say) depends
 * on everything the pipeline module imports.
 */
export const loadTaskSources = async (
  pipelinePath: string,
  tasks: readonly Task[],
): Promise<{ [path: string]: string }[]> => {
  const scanned = collectLocalSources(pipelinePath)
  const base = dirname(pipelinePath)
  const byModule = new Map<string, { [path: string]: string }>()
  const sourcesOf = (module: string) => {
    let sources = byModule.get(module)
    if (sources === undefined) {
      sources = relativeSources(
        module === pipelinePath ? scanned.sources : collectLocalSources(module).sources,
        base,
      )
      byModule.set(module, sources)
    }
    return sources
  }
  const result: { [path: string]: string }[] = []
  for (const task of tasks) {
    const module = (await findExportingModule(task.constructor, scanned)) ?? pipelinePath
    result.push(sourcesOf(module))
  }
  return result
}
