/**
 * A pipeline module for the pipeline tests, configured by `<data dir>/test-pipeline.json` (read the same
 * way in the main thread and in every Worker): `{ "mode": …, "failIds": [...] }`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Dataset, DatasetFactory, Pipeline, type RunContext } from 'hypergol'
import { Record } from '../../../examples/record-summaries/data-models/record.ts'
import { RecordSummary } from '../../../examples/record-summaries/data-models/record-summary.ts'
import { SummariseRecords } from '../../../examples/record-summaries/tasks/summarise-records.ts'
import {
  CopyRecords,
  CountingSource,
  ExitingTask,
  FailingSummaries,
  HangingTask,
  OneJobAtATime,
  RandomTask,
  RejectingTask,
  ReportingTask,
  SlowTask,
  WholeProbe,
} from './test-tasks.ts'

interface TestPipelineConfig {
  mode:
    | 'failing'
    | 'exiting'
    | 'random'
    | 'source'
    | 'whole'
    | 'summaries'
    | 'copy'
    | 'no-git-facts'
    | 'slow'
    | 'report'
    | 'looping'
    | 'awaiting'
    | 'rejecting'
    | 'one-job-at-a-time'
  failIds?: number[]
}

export default (context: RunContext): Pipeline => {
  const config = JSON.parse(
    readFileSync(join(context.dataDir, 'test-pipeline.json'), 'utf8'),
  ) as TestPipelineConfig
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'fixture_project',
    branch: 'fixture_branch',
  })
  const records = factory.get(Record, 'records')
  const summaries = factory.get(RecordSummary, 'record_summaries')
  const options = { inputDatasets: [records], outputDataset: summaries }
  switch (config.mode) {
    case 'failing':
      return new Pipeline([new FailingSummaries({ ...options, failIds: config.failIds ?? [] })])
    case 'exiting':
      return new Pipeline([new ExitingTask(options)])
    case 'report':
      return new Pipeline([new ReportingTask(options)])
    case 'slow':
      return new Pipeline([new SlowTask(options)])
    case 'looping':
    case 'awaiting':
      return new Pipeline([new HangingTask(options, config.mode)])
    case 'rejecting':
      return new Pipeline([new RejectingTask(options)])
    case 'one-job-at-a-time':
      return new Pipeline([new OneJobAtATime(options)])
    case 'random':
      return new Pipeline([new RandomTask(options)])
    case 'source':
      return new Pipeline([
        new CountingSource({ outputDataset: factory.get(RecordSummary, 'counted') }, 3, 50),
      ])
    case 'copy':
      return new Pipeline([
        new CopyRecords({ inputDatasets: [records], outputDataset: factory.get(Record, 'records_copy') }),
      ])
    case 'summaries':
      return new Pipeline([new SummariseRecords(options)])
    case 'no-git-facts': {
      const output = new Dataset(RecordSummary, {
        location: context.dataDir,
        project: 'fixture_project',
        branch: 'fixture_branch',
        name: 'record_summaries',
        repoInfo: () => {
          throw new Error('no git facts here')
        },
      })
      return new Pipeline([new SummariseRecords({ ...options, outputDataset: output })])
    }
    case 'whole':
      return new Pipeline([
        new SummariseRecords(options),
        new WholeProbe({
          inputDatasets: [records],
          loadedWholeDatasets: [summaries],
          outputDataset: factory.get(RecordSummary, 'whole_probe'),
        }),
      ])
  }
}
