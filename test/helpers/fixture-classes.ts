/**
 * TypeScript equivalents of the fixture data classes (test/fixtures/pyhypergol/README.md), written the way
 * the README tells users to write data classes.
 */
import { BaseData, field } from '../../src/index.ts'

// Label, Record and RecordSummary are the example project's own classes: one definition for both.
export { Label } from '../../examples/record-summaries/data-models/label.ts'
export { Record } from '../../examples/record-summaries/data-models/record.ts'
export { RecordSummary } from '../../examples/record-summaries/data-models/record-summary.ts'

export class Blob extends BaseData.define({
  blobId: field.int({ id: true }),
  payload: field.object(),
}) {}

export class Small extends BaseData.define({
  smallId: field.int({ id: true }),
  name: field.str(),
  value: field.float(),
  values: field.list(field.int()),
}) {}

/** The benchmark objects of the fixture README: `Small(k, "name-k", k / 7, [k % 10, k % 100, k])`. */
export const makeSmall = (k: number): Small =>
  new Small({ smallId: k, name: `name-${k}`, value: k / 7, values: [k % 10, k % 100, k] })
