import { type JobParameters, Task, type TaskOptions } from 'hypergol'
import { makePoint, type Point } from '../data-models/point.ts'

/** A source task: points `first` … `first + count − 1`, in jobs of 100. */
export class MakePoints extends Task<Point> {
  constructor(
    options: TaskOptions<Point>,
    readonly first: number,
    readonly count: number,
  ) {
    super(options)
  }

  override getJobs() {
    const jobs = Math.ceil(this.count / 100)
    return Array.from({ length: jobs }, (_, job) => ({
      parameters: { start: this.first + job * 100, end: this.first + Math.min(this.count, (job + 1) * 100) },
      total: Math.min(100, this.count - job * 100),
    }))
  }

  override *sourceIterator(parameters: JobParameters): Iterable<unknown[]> {
    for (let k = parameters.start as number; k < (parameters.end as number); k++) yield [k]
  }

  run(k: number): void {
    this.output.append(makePoint(k))
  }
}
