/**
 * The generated canonical writer (codegen-render + render-bytes) against the closure-based reference
 * (`slowRendererOf`): same bytes for every value it accepts, and the reference's error for every value it
 * does not.
 */
import { describe, expect, test } from 'bun:test'
import { makeRecord } from '../../../bench/objects.ts'
import type { BaseData } from '../../../src/data/base-data.ts'
import { fastRendererOf, type RenderBytes } from '../../../src/data/codegen-render.ts'
import { DataPathError } from '../../../src/data/data-path-error.ts'
import { toDataError } from '../../../src/data/read-data.ts'
import { ByteOut } from '../../../src/data/render-bytes.ts'
import { LineRenderer, renderObjectOf, slowRendererOf } from '../../../src/data/render-data.ts'
import { CalendarDate, DateTime, HypergolError, TimeOfDay } from '../../../src/index.ts'
import { Blob, Label, makeSmall, RecordSummary } from '../../helpers/fixture-classes.ts'
import { AllKinds, Inner, makeAllKinds, makeJsonKinds } from './all-kinds.ts'

const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1)

/** What the reference throws or returns, as comparable text. */
const outcomeOf = (render: (value: unknown) => string, value: unknown): string => {
  try {
    return `line ${render(value)}`
  } catch (error) {
    if (error instanceof DataPathError) return `error ${error.pathText}: ${error.reason}`
    return `other ${String(error)}`
  }
}

const expectSameAsReference = (object: BaseData): void => {
  const fields = (object.constructor as typeof AllKinds).fields
  const expected = outcomeOf(slowRendererOf(fields), object)

  expect(outcomeOf(renderObjectOf(fields), object)).toBe(expected)
  const lines = new LineRenderer(fields)
  const bytes = (() => {
    try {
      const length = lines.render(object)
      return `line ${lines.bytes.toString('utf8', 0, length)}`
    } catch (error) {
      return error instanceof DataPathError ? `error ${error.pathText}: ${error.reason}` : String(error)
    }
  })()
  expect(bytes).toBe(expected)
}

/** The generated renderer alone (no fallback): it must accept every valid value and write the reference. */
const expectFastPathTakes = (object: BaseData): void => {
  const fields = (object.constructor as typeof AllKinds).fields
  const out = new ByteOut(16)
  const length = (fastRendererOf(fields) as RenderBytes)(object, out, 0)

  expect(out.bytes.toString('latin1', 0, length)).toBe(slowRendererOf(fields)(object))
}

describe('renderObjectOf (generated)', () => {
  test.each(SEEDS)('given random AllKinds #%i, when rendered, then the line equals the reference', (seed) => {
    expectSameAsReference(makeAllKinds(seed))
    expectFastPathTakes(makeAllKinds(seed))
  })

  test.each(SEEDS)(
    'given random JsonKinds #%i, when rendered, then the line equals the reference',
    (seed) => {
      expectSameAsReference(makeJsonKinds(seed))
      expectFastPathTakes(makeJsonKinds(seed))
    },
  )

  test('given every fixture class, when rendered, then lines equal the reference', () => {
    for (let k = 0; k < 400; k++) {
      expectSameAsReference(makeRecord(k))
      expectSameAsReference(makeSmall(k * 7919 - 1000))
      expectFastPathTakes(makeRecord(k))
    }
    expectSameAsReference(new Blob({ blobId: 1, payload: 'gAROLg==' }))
    expectSameAsReference(
      new RecordSummary({ recordId: -3, kind: 'tags', total: 9, labelCount: 0, createdAt: DateTime.now() }),
    )
    expectSameAsReference(new Label({ name: '', score: -0 }))
  })

  test('given a subclass of DateTime with its own toString, when rendered, then that text is written', () => {
    class Shifted extends DateTime {
      override toString(): string {
        return `${super.toString()} \u00e9`
      }
    }
    const record = makeRecord(5)
    Object.assign(record, { createdAt: new Shifted({ year: 2020, month: 1, day: 2 }) })

    expectSameAsReference(record)
  })

  test('given temporal values with odd fields set after construction, when rendered, then as the reference', () => {
    for (const [at, day, clock] of [
      [{ year: 20000 }, { month: 0 }, { hour: 1.5 }],
      [{ microsecond: 1_000_000 }, { day: 100 }, { minute: -1 }],
      [{ second: 99 }, { year: 0 }, { microsecond: 7 }],
    ]) {
      const object = makeAllKinds(3)
      object.at = new DateTime({ year: 2020, month: 1, day: 2, hour: 3 })
      object.day = new CalendarDate({ year: 2020, month: 1, day: 2 })
      object.clock = new TimeOfDay({ hour: 3 })
      Object.assign(object.at, at)
      Object.assign(object.day, day)
      Object.assign(object.clock, clock)

      expectSameAsReference(object)
    }
  })
})

/** What `run` throws (undefined when it does not throw). */
const thrownBy = (run: () => unknown): unknown => {
  try {
    run()
  } catch (caught) {
    return caught
  }
  return undefined
}

/** A valid AllKinds with `change` applied to it (members set directly, bypassing the types). */
const broken = (change: (object: Record<string, unknown> & AllKinds) => void): AllKinds => {
  const object = makeAllKinds(11) as Record<string, unknown> & AllKinds
  change(object)
  return object
}

describe('renderObjectOf errors', () => {
  test.each([
    ['a string in an int member', (o: AllKinds & Record<string, unknown>) => Object.assign(o, { id: '7' })],
    [
      'an unsafe integer in an int member',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { id: 2 ** 53 }),
    ],
    [
      'null in a non-optional member',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { text: null }),
    ],
    [
      'undefined in a member',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { flag: undefined }),
    ],
    [
      'a wrong type deep in a list',
      (o: AllKinds & Record<string, unknown>) =>
        Object.assign(o, {
          inners: [
            new Inner({ name: 'a', score: 1, tags: [] }),
            new Inner({ name: 'b', score: 2, tags: ['x', 3 as never] }),
          ],
        }),
    ],
    [
      'a nested object of another class',
      (o: AllKinds & Record<string, unknown>) =>
        Object.assign(o, { inner: new Label({ name: 'x', score: 1 }) }),
    ],
    [
      'a Date instead of a DateTime',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { at: new Date() }),
    ],
    [
      'a TimeOfDay in a date member',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { days: [new TimeOfDay()] }),
    ],
    [
      'a float in a bigint member',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { maybeBig: 1.5 }),
    ],
    [
      'a hole in a list',
      (o: AllKinds & Record<string, unknown>) =>
        Object.assign(o, { grid: [Object.assign(new Array<number>(3), { 0: 1, 2: 3 })] }),
    ],
    ['not an array', (o: AllKinds & Record<string, unknown>) => Object.assign(o, { holes: 'abc' })],
    [
      'a number in a bool member',
      (o: AllKinds & Record<string, unknown>) => Object.assign(o, { flags: [true, 0] }),
    ],
    [
      'a CalendarDate in a datetime list',
      (o: AllKinds & Record<string, unknown>) =>
        Object.assign(o, { ats: [new CalendarDate({ year: 2020, month: 1, day: 1 })] }),
    ],
  ])('given %s, when rendered, then the error is the reference one', (_, change) => {
    const object = broken(change)

    expectSameAsReference(object)
    expect(() => object.toJson()).toThrow(HypergolError)
  })

  test.each([
    ['undefined', undefined],
    ['a Date', new Date(0)],
    ['a DateTime', new DateTime({ year: 2020, month: 1, day: 2 })],
    ['a function', () => 1],
    ['a hole', Object.assign(new Array(3), { 0: 1, 2: 3 })],
    ['a Map', new Map([['a', 1]])],
    ['a symbol', Symbol('s')],
  ])('given %s deep in a json member, when rendered, then the error names its path', (_, bad) => {
    const object = makeJsonKinds(5)
    Object.assign(object, { payload: { ok: [1n, { deep: bad }] } })

    expectSameAsReference(object)
    expect(() => object.toJson()).toThrow(
      /^JsonKinds: field payload\.ok\[1\]\.deep(\[1\])?: expected a JSON value/,
    )
  })

  test('given a bad value deep inside, when toJson is called, then the message names its path', () => {
    const object = broken((o) =>
      Object.assign(o, { inners: [new Inner({ name: 'a', score: 1, tags: ['ok', 3 as never] })] }),
    )

    expect(() => object.toJson()).toThrow(
      'AllKinds: field inners[0].tags[1]: expected a string, got number 3',
    )
    const error = thrownBy(() => object.toJson())
    expect(error).toBeInstanceOf(HypergolError)
    expect((error as HypergolError).code).toBe('E_DATA_INVALID')
  })

  test('given an unsafe integer, when toJson is called, then the message is the reference one', () => {
    const object = broken((o) => Object.assign(o, { maybeInt: 2 ** 60 }))
    const reference = toDataError(
      thrownBy(() => slowRendererOf(AllKinds.fields)(object)),
      'AllKinds',
    ) as HypergolError

    expect(() => object.toJson()).toThrow(reference.message)
  })
})
