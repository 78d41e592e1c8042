import { Task } from 'hypergol'
import type { Record } from '../data-models/record.ts'
import { RecordSummary } from '../data-models/record-summary.ts'

/** Two summaries per record: the sum of its counts, and the number of its tags. */
export class SummariseRecords extends Task<RecordSummary> {
  run(record: Record): void {
    const common = { recordId: record.recordId, createdAt: record.createdAt }
    const countTotal = record.counts.reduce((total, count) => total + count, 0)
    this.output.append(
      new RecordSummary({ ...common, kind: 'counts', total: countTotal, labelCount: record.labels.length }),
    )
    this.output.append(
      new RecordSummary({
        ...common,
        kind: 'tags',
        total: record.tags.length,
        labelCount: record.labels.length + 1,
      }),
    )
  }
}
