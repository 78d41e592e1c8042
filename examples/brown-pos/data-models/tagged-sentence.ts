import { BaseData, field } from 'hypergol'

/** An evaluated sentence: the gold tags and the tagger's, both in the simplified tag set, at `step`. */
export class TaggedSentence extends BaseData.define({
  sentenceId: field.str({ id: true }),
  words: field.list(field.str()),
  tags: field.list(field.str()),
  predicted: field.list(field.str()),
  step: field.int(),
}) {}
