import { BaseData, field } from 'hypergol'

/** A model's answer for one point; `step` is the global step of an evaluation (-1 when served). */
export class PointPrediction extends BaseData.define({
  pointId: field.int({ id: true }),
  label: field.str(),
  predicted: field.str(),
  step: field.int(),
}) {}
