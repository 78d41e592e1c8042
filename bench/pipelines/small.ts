import { BaseData, field } from 'hypergol'

/** The fixture README's benchmark class, as a user project declares it. */
export class Small extends BaseData.define({
  smallId: field.int({ id: true }),
  name: field.str(),
  value: field.float(),
  values: field.list(field.int()),
}) {}
