import { BaseData, field } from 'hypergol'

/** A scored label, only used nested in `Record`. */
export class Label extends BaseData.define({
  name: field.str(),
  score: field.float(),
}) {}
