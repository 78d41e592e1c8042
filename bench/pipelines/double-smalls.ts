/**
 * The benchmark pipeline (issue 4), written as a user project would: read `smalls`, append each `Small`
 * with its value doubled. Run by the compiled binary, so it imports nothing but 'hypergol'.
 */
import { DatasetFactory, Pipeline, type RunContext, Task } from 'hypergol'
import { Small } from './small.ts'

class DoubleSmalls extends Task<Small> {
  run(small: Small): void {
    this.output.append(
      new Small({ smallId: small.smallId, name: small.name, value: small.value * 2, values: small.values }),
    )
  }
}

export default (context: RunContext): Pipeline => {
  const factory = new DatasetFactory({ location: context.dataDir, project: 'bench', branch: 'b' })
  return new Pipeline([
    new DoubleSmalls({
      inputDatasets: [factory.get(Small, 'smalls')],
      outputDataset: factory.get(Small, 'doubled'),
    }),
  ])
}
