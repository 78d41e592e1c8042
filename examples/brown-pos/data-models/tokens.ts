import { BaseData, field } from 'hypergol'

/** What the served tagger takes: the words of one sentence. */
export class Tokens extends BaseData.define({
  words: field.list(field.str()),
}) {}
