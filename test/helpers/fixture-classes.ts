/**
 * TypeScript equivalents of the fixture data classes (test/fixtures/pyhypergol/README.md), written the way
 * the README tells users to write data classes.
 */
import { BaseData, field } from '../../src/index.ts'

export class Label extends BaseData.define({
  name: field.str(),
  score: field.float(),
}) {}

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

export class RecordSummary extends BaseData.define({
  recordId: field.int({ id: true }),
  kind: field.str({ id: true }),
  total: field.int(),
  labelCount: field.int(),
  createdAt: field.datetime(),
}) {}

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
