import { BaseData, field } from 'hypergol'

/** A point of the plane with its quadrant, e.g. `east-north`. */
export class Point extends BaseData.define({
  pointId: field.int({ id: true }),
  x: field.list(field.float()),
  label: field.str(),
}) {}

/** Point `k` of a fixed pseudo-random cloud, labelled by its quadrant. */
export const makePoint = (k: number): Point => {
  const x = Math.sin(k * 12.9898) * 2
  const y = Math.cos(k * 78.233) * 2
  return new Point({
    pointId: k,
    x: [x, y],
    label: `${x >= 0 ? 'east' : 'west'}-${y >= 0 ? 'north' : 'south'}`,
  })
}
