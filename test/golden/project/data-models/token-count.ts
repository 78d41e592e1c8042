import { BaseData, field } from 'hypergol'

/** One TokenCount. Say here what it stands for. Members are declared once, below; add methods in the body. */
export class TokenCount extends BaseData.define({
  sentenceId: field.int({ id: true }),
  count: field.int(),
}) {}
