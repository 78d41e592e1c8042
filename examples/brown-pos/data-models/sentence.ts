import { BaseData, field } from 'hypergol'

/** One sentence of the Brown corpus: its words and their tags as the corpus gives them (e.g. `nn-tl`). */
export class Sentence extends BaseData.define({
  /** `<file>-<index>`, e.g. `ca01-0003`. */
  sentenceId: field.str({ id: true }),
  fileId: field.str(),
  words: field.list(field.str()),
  tags: field.list(field.str()),
}) {}
