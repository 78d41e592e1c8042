/**
 * @module pipeline
 * `Pipeline`: an ordered list of tasks (RUNTIME.md §5), and the {@link RunContext} a pipeline module is
 * built from. A pipeline module's default export is a `Pipeline`, or a function of the context returning
 * one; it is imported in the main thread and again in every Worker, so it must build the same tasks from
 * the same context and do nothing else at import time.
 */
import { HypergolError } from '../errors.ts'
import { Task } from './task.ts'

/** What `hypergol run` tells a pipeline module. Plain values: it is copied to every Worker. */
export interface RunContext {
  /** The data directory (`--data-dir`, absolute). @default `<cwd>/data` */
  dataDir: string
  /** Workers per task (`--threads`). */
  threads: number
  /**
   * The current git branch, where a pipeline usually keeps its datasets (`<dataDir>/<project>/<branch>/`,
   * as the original does); `dummy` outside a git repository, `DETACHED` on a detached HEAD.
   */
  branch: string
}

/**
 * Tasks run one at a time, in order; each task's jobs are spread over Workers.
 *
 * @example
 * import { DatasetFactory, Pipeline, type RunContext } from 'hypergol'
 *
 * export default (context: RunContext) => {
 *   const factory = new DatasetFactory({ location: context.dataDir, project: 'demo', branch: 'main' })
 *   const records = factory.get(Record, 'records')
 *   const summaries = factory.get(RecordSummary, 'record_summaries')
 *   return new Pipeline([new SummariseRecords({ inputDatasets: [records], outputDataset: summaries })])
 * }
 */
export class Pipeline {
  readonly tasks: readonly Task[]

  /** @throws HypergolError E_TASK_DEFINITION when an entry is not a task or two tasks share an output. */
  constructor(tasks: readonly Task[]) {
    if (!Array.isArray(tasks)) {
      throw new HypergolError('E_TASK_DEFINITION', 'new Pipeline(tasks) expects a list of tasks')
    }
    const outputs = new Map<string, number>()
    for (const [index, task] of tasks.entries()) {
      if (!(task instanceof Task)) {
        throw new HypergolError(
          'E_TASK_DEFINITION',
          `pipeline task ${index} is not a Task (got ${String((task as object | null)?.constructor?.name ?? task)})`,
          { hint: "Tasks extend Task imported from 'hypergol'." },
        )
      }
      const directory = task.outputDataset.directory
      const earlier = outputs.get(directory)
      if (earlier !== undefined) {
        throw new HypergolError(
          'E_TASK_DEFINITION',
          `pipeline tasks ${earlier} and ${index} both write ${task.outputDataset.name} (${directory})`,
          { hint: 'Every task needs its own output dataset.' },
        )
      }
      outputs.set(directory, index)
    }
    this.tasks = [...tasks]
  }
}
