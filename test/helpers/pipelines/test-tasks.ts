/** Tasks that misbehave on purpose, for the pipeline tests. */
import { Dataset, DateTime, type JobParameters, Task, type TaskOptions } from 'hypergol'
import type { Record } from '../../../examples/record-summaries/data-models/record.ts'
import { RecordSummary } from '../../../examples/record-summaries/data-models/record-summary.ts'
import { SummariseRecords } from '../../../examples/record-summaries/tasks/summarise-records.ts'

/** `SummariseRecords`, but `run` throws for the given record ids. */
export class FailingSummaries extends SummariseRecords {
  readonly failIds: number[]

  constructor(options: TaskOptions<RecordSummary> & { failIds: number[] }) {
    super(options)
    this.failIds = options.failIds
  }

  override run(record: Record): void {
    if (this.failIds.includes(record.recordId)) throw new Error(`cannot summarise ${record.recordId}`)
    super.run(record)
  }
}

/** Ends its Worker's process (as careless task code might) when it meets record 500. */
export class ExitingTask extends SummariseRecords {
  override run(record: Record): void {
    if (record.recordId === 500) process.exit(3)
    super.run(record)
  }
}

/** Never finishes the job holding record 500: a loop that never ends, or (`awaiting`) a promise that never settles. */
export class HangingTask extends SummariseRecords {
  constructor(
    options: ConstructorParameters<typeof SummariseRecords>[0],
    readonly how: 'looping' | 'awaiting',
  ) {
    super(options)
  }

  override async run(record: Record): Promise<void> {
    if (record.recordId === 500) {
      if (this.how === 'awaiting') await new Promise(() => undefined)
      for (;;) Bun.sleepSync(1)
    }
    super.run(record)
  }
}

/** Leaves a promise that rejects with nobody to catch it, as careless task code might, at record 500. */
export class RejectingTask extends SummariseRecords {
  override run(record: Record): void {
    if (record.recordId === 500) void Promise.reject(new Error('nobody awaited this'))
    super.run(record)
  }
}

/** Takes about 5 ms per record, long enough to be interrupted. */
export class SlowTask extends SummariseRecords {
  override run(record: Record): void {
    Bun.sleepSync(5)
    super.run(record)
  }
}

/** Jobs of {@link OneJobAtATime} begun and not yet finished in this thread. */
let jobsInProgress = 0

/**
 * `SummariseRecords` that fails if a Worker ever runs two of its jobs at once: its `init` yields to the event
 * loop, where a second job sent ahead to the Worker would start if the Worker did not queue it.
 */
export class OneJobAtATime extends SummariseRecords {
  override async init(): Promise<void> {
    jobsInProgress++
    await Bun.sleep(2)
    if (jobsInProgress > 1) throw new Error(`job ${this.jobId} started while another job of this Worker ran`)
  }

  override finishJob(): void {
    jobsInProgress--
  }
}

/** The objects {@link ReportingTask} writes: enough for its writer to compress on the gzip Worker. */
export const reportObjects = (count: number): RecordSummary[] =>
  Array.from(
    { length: count },
    (_, k) =>
      new RecordSummary({
        recordId: k,
        kind: `report-${k % 13}`,
        total: k * 3,
        labelCount: k % 7,
        createdAt: START,
      }),
  )

/**
 * `SummariseRecords`, whose `finishTask` (in the main thread) also writes a large `report` dataset next to
 * its output.
 */
export class ReportingTask extends SummariseRecords {
  override async finishTask(): Promise<void> {
    const output = this.outputDataset
    const report = new Dataset(RecordSummary, {
      location: output.location,
      project: output.project,
      branch: output.branch,
      name: 'report',
    })
    await report.writeAll(reportObjects(REPORT_SIZE))
  }
}

/** Objects in {@link ReportingTask}'s report: about 8 MB of lines. */
export const REPORT_SIZE = 80_000

/** Its parameter differs every time the pipeline module is evaluated. */
export class RandomTask extends SummariseRecords {
  readonly seed = Math.random()
}

const START = new DateTime({ year: 2020, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 })

/** A source task: `jobs` jobs of `perJob` summaries each. */
export class CountingSource extends Task<RecordSummary> {
  constructor(
    options: TaskOptions<RecordSummary>,
    readonly jobCount: number,
    readonly perJob: number,
  ) {
    super(options)
  }

  override getJobs() {
    return Array.from({ length: this.jobCount }, (_, job) => ({ parameters: { job }, total: this.perJob }))
  }

  override *sourceIterator(parameters: JobParameters): Iterable<unknown[]> {
    for (let k = 0; k < this.perJob; k++) yield [parameters.job, k]
  }

  run(job: number, k: number): void {
    this.output.append(
      new RecordSummary({
        recordId: job * this.perJob + k,
        kind: 'source',
        total: job,
        labelCount: k,
        createdAt: START,
      }),
    )
  }
}

/** Like the fixture's ProbeLoadedChunk, with the whole `record_summaries` loaded instead of one chunk. */
export class WholeProbe extends Task<RecordSummary> {
  run(record: Record, summaries: RecordSummary[]): void {
    this.output.append(
      new RecordSummary({
        recordId: record.recordId,
        kind: 'wholeProbe',
        total: summaries.filter((summary) => summary.recordId === record.recordId).length,
        labelCount: summaries.length,
        createdAt: record.createdAt,
      }),
    )
  }
}

/** Appends every record unchanged: each output chunk is filled by exactly one job. */
export class CopyRecords extends Task<Record> {
  run(record: Record): void {
    this.output.append(record)
  }
}
