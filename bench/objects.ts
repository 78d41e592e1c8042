/**
 * The benchmark objects of the fixture README: `Small` and `Record` built from their index, as the Python
 * reference figures were measured.
 */
import { CalendarDate, DateTime } from '../src/index.ts'
import { Label, makeSmall, Record } from '../test/helpers/fixture-classes.ts'

export { makeSmall }

const START = Date.UTC(2020, 0, 1)

/** Record k of the fixture README's `records` recipe. */
export const makeRecord = (k: number): Record => {
  const created = new Date(START + k * 3607 * 1000)
  const day = new Date(START + k * 86400 * 1000)
  const value = k % 100 === 1 ? k * 1e-7 : k % 100 === 2 ? k * 1e15 : k % 100 === 3 ? k : k / 7
  return new Record({
    recordId: k,
    name: `record-${String(k).padStart(4, '0')}`,
    value,
    counts: Array.from({ length: k % 5 }, (_, i) => i),
    createdAt: new DateTime({
      year: created.getUTCFullYear(),
      month: created.getUTCMonth() + 1,
      day: created.getUTCDate(),
      hour: created.getUTCHours(),
      minute: created.getUTCMinutes(),
      second: created.getUTCSeconds(),
      microsecond: k % 3 === 0 ? 0 : (k * 7919) % 1_000_000,
    }),
    day: new CalendarDate({
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
    }),
    mainLabel: new Label({ name: `main-${k % 10}`, score: (k % 10) / 4 }),
    labels: Array.from({ length: k % 3 }, (_, j) => new Label({ name: `l${j}`, score: j * 0.5 })),
    tags: k % 2 === 1 ? [`tag${k % 7}`, 'x'] : [],
  })
}
