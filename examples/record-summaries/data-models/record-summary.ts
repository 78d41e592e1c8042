import { BaseData, field } from 'hypergol'

/** A per-record figure (hash id: `recordId`, `kind`). */
export class RecordSummary extends BaseData.define({
  recordId: field.int({ id: true }),
  kind: field.str({ id: true }),
  total: field.int(),
  labelCount: field.int(),
  createdAt: field.datetime(),
}) {}
