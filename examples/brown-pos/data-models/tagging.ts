import { BaseData, field } from 'hypergol'

/** What the served tagger answers: each word with its tag. */
export class Tagging extends BaseData.define({
  words: field.list(field.str()),
  tags: field.list(field.str()),
}) {}
