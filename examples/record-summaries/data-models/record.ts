import { BaseData, field } from 'hypergol'
import { Label } from './label.ts'

/** The fixture's `Record` (hash id: `recordId`). */
export class Record extends BaseData.define({
  recordId: field.int({ id: true }),
  name: field.str(),
  value: field.float(),
  counts: field.list(field.int()),
  createdAt: field.datetime(),
  day: field.date(),
  mainLabel: field.data(Label),
  labels: field.list(field.data(Label)),
  tags: field.list(field.str()),
}) {}
