import { DatasetFactory, Pipeline, type RunContext } from 'hypergol'
import { Record } from '../data-models/record.ts'
import { RecordSummary } from '../data-models/record-summary.ts'
import { ProbeLoadedChunk } from '../tasks/probe-loaded-chunk.ts'
import { SummariseRecords } from '../tasks/summarise-records.ts'

/**
 * Reproduces the Python fixtures `record_summaries` and `loaded_chunk_probe` from `records`, which must be
 * at `<data dir>/fixture_project/fixture_branch/records`.
 */
export default (context: RunContext): Pipeline => {
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'fixture_project',
    branch: 'fixture_branch',
  })
  const records = factory.get(Record, 'records')
  const summaries = factory.get(RecordSummary, 'record_summaries')
  const probe = factory.get(RecordSummary, 'loaded_chunk_probe')
  return new Pipeline([
    new SummariseRecords({ inputDatasets: [records], outputDataset: summaries }),
    new ProbeLoadedChunk({
      inputDatasets: [records],
      loadedInputDatasets: [summaries],
      outputDataset: probe,
    }),
  ])
}
