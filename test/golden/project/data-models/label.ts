import { BaseData, field } from 'hypergol'

/** One Label. Say here what it stands for. Members are declared once, below; add methods in the body. */
export class Label extends BaseData.define({
  name: field.str(),
  score: field.float(),
}) {}
