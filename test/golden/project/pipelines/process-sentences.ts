import { DatasetFactory, Pipeline, type RunContext } from 'hypergol'
import { Label } from '../data-models/label.ts'
import { Sentence } from '../data-models/sentence.ts'
import { TokenCount } from '../data-models/token-count.ts'
import { CountTokens } from '../tasks/count-tokens.ts'
import { ReadSentences } from '../tasks/read-sentences.ts'

/**
 * ProcessSentences: say here what it makes.
 * Run it with `hypergol run pipelines/process-sentences.ts`.
 * Its datasets live in `<data dir>/my_project/<git branch>/`.
 */
export default (context: RunContext): Pipeline => {
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'my_project',
    branch: context.branch,
  })
  const sentences = factory.get(Sentence, 'sentences')
  const tokenCounts = factory.get(TokenCount, 'token_counts')
  const labels = factory.get(Label, 'labels')
  return new Pipeline([
    new ReadSentences({ outputDataset: sentences }),
    new CountTokens({ inputDatasets: [sentences], outputDataset: tokenCounts }),
  ])
}
