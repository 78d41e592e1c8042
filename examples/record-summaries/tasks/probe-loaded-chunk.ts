import { Task } from 'hypergol'
import type { Record } from '../data-models/record.ts'
import { RecordSummary } from '../data-models/record-summary.ts'

/**
 * Shows what a same-chunk loaded input holds: `summaries` is chunk `j` of `record_summaries` for input
 * chunk `j`, not the whole dataset (RUNTIME.md §2).
 */
export class ProbeLoadedChunk extends Task<RecordSummary> {
  run(record: Record, summaries: RecordSummary[]): void {
    const own = summaries.filter((summary) => summary.recordId === record.recordId).length
    this.output.append(
      new RecordSummary({
        recordId: record.recordId,
        kind: 'loadedChunkProbe',
        total: own,
        labelCount: summaries.length,
        createdAt: record.createdAt,
      }),
    )
  }
}
