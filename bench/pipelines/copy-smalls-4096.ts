/**
 * The per-job cost pipeline (issue 20): copy `smalls_4096`, a dataset of 4096 chunks holding few objects
 * each, into `copied_4096`, also of 4096 chunks. With one job per input chunk and almost no work per object,
 * its wall time is what hypergol spends per job.
 */
import { DatasetFactory, Pipeline, type RunContext, Task } from 'hypergol'
import { Small } from './small.ts'

class CopySmalls extends Task<Small> {
  run(small: Small): void {
    this.output.append(small)
  }
}

export default (context: RunContext): Pipeline => {
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'bench',
    branch: 'b',
    chunkCount: 4096,
  })
  return new Pipeline([
    new CopySmalls({
      inputDatasets: [factory.get(Small, 'smalls_4096')],
      outputDataset: factory.get(Small, 'copied_4096'),
    }),
  ])
}
