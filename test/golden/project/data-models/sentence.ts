import { BaseData, field } from 'hypergol'
import { Label } from './label.ts'

/** One Sentence. Say here what it stands for. Members are declared once, below; add methods in the body. */
export class Sentence extends BaseData.define({
  sentenceId: field.int({ id: true }),
  text: field.str(),
  tokens: field.list(field.str()),
  label: field.data(Label),
  labels: field.list(field.data(Label)),
  createdAt: field.datetime(),
  clock: field.time(),
  flag: field.bool(),
  meta: field.json(),
  note: field.optional(field.str()),
}) {}
