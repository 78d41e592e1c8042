/**
 * A data class with every field kind (scalars, nested, lists and optionals of each) and a seeded generator
 * of random-ish instances full of edge cases, for the tests that compare the generated fast paths with the
 * closure-based reference. `json` members have their own class, `JsonKinds`: lines of a class holding one
 * skip the JSON.parse path, which `AllKinds` must keep exercising.
 */
import { BaseData, CalendarDate, DateTime, field, type JsonTree, TimeOfDay } from '../../../src/index.ts'
import { type Random, randomOf } from '../../helpers/random.ts'

export class Inner extends BaseData.define({
  name: field.str(),
  score: field.float(),
  tags: field.list(field.str()),
}) {}

export class AllKinds extends BaseData.define({
  id: field.int({ id: true }),
  key: field.str({ id: true }),
  big: field.bigint(),
  ratio: field.float(),
  text: field.str(),
  flag: field.bool(),
  at: field.datetime(),
  day: field.date(),
  clock: field.time(),
  blob: field.object(),
  inner: field.data(Inner),
  ints: field.list(field.int()),
  bigs: field.list(field.bigint()),
  floats: field.list(field.float()),
  texts: field.list(field.str()),
  flags: field.list(field.bool()),
  ats: field.list(field.datetime()),
  days: field.list(field.date()),
  clocks: field.list(field.time()),
  blobs: field.list(field.object()),
  inners: field.list(field.data(Inner)),
  grid: field.list(field.list(field.int())),
  maybeInt: field.optional(field.int()),
  maybeBig: field.optional(field.bigint()),
  maybeRatio: field.optional(field.float()),
  maybeText: field.optional(field.str()),
  maybeFlag: field.optional(field.bool()),
  maybeAt: field.optional(field.datetime()),
  maybeDay: field.optional(field.date()),
  maybeClock: field.optional(field.time()),
  maybeBlob: field.optional(field.object()),
  maybeInner: field.optional(field.data(Inner)),
  maybeInts: field.optional(field.list(field.int())),
  holes: field.list(field.optional(field.str())),
}) {}

const EDGE_FLOATS = [
  0,
  -0,
  0.5,
  1,
  3,
  -7,
  1e-7,
  1.01e-5,
  4.2e-5,
  0.00042,
  1e-4,
  9.999e-5,
  2e15,
  9999999999999998,
  1e16,
  2.5e16,
  1.02e17,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e100,
  4e-320,
  5e-324,
  1.7976931348623157e308,
  0.1 + 0.7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1 / 3,
  2 / 3,
  1234.5,
  0.30000000000000004,
]

const EDGE_STRINGS = [
  '',
  'plain',
  'Zo\u00eb \u2603 \u201cquoted\u201d "q" \\ 97',
  'emoji \u{1F600} tab\t newline\n cr\r bs\b ff\f',
  "esc\u001b del\u007f nul\u0000 /'",
  'lone \udc00 and \ud800 surrogates',
  'ÿ Latin-1 \u00a0 nbsp',
  '2020-01-01T00:00:00',
]

const randomFloat = (random: Random): number => {
  switch (random.int(4)) {
    case 0:
      return random.pick(EDGE_FLOATS)
    case 1:
      return (random.int(2_000_001) - 1_000_000) / 7
    case 2: {
      // Any double, from random bits.
      const view = new DataView(new ArrayBuffer(8))
      view.setUint32(0, random.int(2 ** 32))
      view.setUint32(4, random.int(2 ** 32))
      return view.getFloat64(0)
    }
    default:
      return (random.int(2001) - 1000) / 4
  }
}

const randomInt = (random: Random): number =>
  random.pick([
    0,
    -0,
    1,
    -1,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    random.int(100),
    random.int(2 ** 31) - 2 ** 30,
    (random.int(2 ** 26) * 2 ** 27 + random.int(2 ** 27)) * (random.next() < 0.5 ? -1 : 1),
  ])

const randomBigint = (random: Random): bigint =>
  random.pick([
    0n,
    -1n,
    2n ** 53n,
    -(2n ** 64n) + 7n,
    123456789012345678901234567890n,
    BigInt(randomInt(random)),
  ])

const randomString = (random: Random): string => {
  if (random.next() < 0.5) return random.pick(EDGE_STRINGS)
  let text = ''
  const length = random.int(12)
  for (let i = 0; i < length; i++) {
    text +=
      random.next() < 0.8
        ? String.fromCharCode(32 + random.int(95))
        : String.fromCharCode(random.int(0x10000))
  }
  return text
}

const randomOffset = (random: Random): number | null =>
  random.pick([null, null, 0, -25_200_000_000, 34_200_000_000, 3_600_000_000 + 1_000_000 * random.int(60), 1])

const randomDateTime = (random: Random): DateTime =>
  new DateTime({
    year: random.pick([1, 33, 1999, 2020, 9999]),
    month: 1 + random.int(12),
    day: 1 + random.int(28),
    hour: random.int(24),
    minute: random.int(60),
    second: random.int(60),
    microsecond: random.pick([0, 0, 1, 250, 58940, 999_999, random.int(1_000_000)]),
    offsetMicroseconds: randomOffset(random),
  })

const randomDate = (random: Random): CalendarDate =>
  random.next() < 0.2
    ? new CalendarDate({ year: 2024, month: 2, day: 29 })
    : new CalendarDate({
        year: random.pick([1, 33, 2020, 9999]),
        month: 1 + random.int(12),
        day: 1 + random.int(28),
      })

const randomTime = (random: Random): TimeOfDay =>
  new TimeOfDay({
    hour: random.int(24),
    minute: random.int(60),
    second: random.int(60),
    microsecond: random.pick([0, 500_000, random.int(1_000_000)]),
    offsetMicroseconds: randomOffset(random),
  })

const listOf = <T>(random: Random, make: () => T): T[] => Array.from({ length: random.int(4) }, make)

const maybe = <T>(random: Random, make: () => T): T | null | undefined =>
  random.pick([null, undefined, make(), make()]) as T | null | undefined

const randomInner = (random: Random): Inner =>
  new Inner({
    name: randomString(random),
    score: randomFloat(random),
    tags: listOf(random, () => randomString(random)),
  })

/** A random-ish `AllKinds` instance; `seed` decides it. */
export const makeAllKinds = (seed: number): AllKinds => {
  const random = randomOf(seed)
  return new AllKinds({
    id: randomInt(random),
    key: randomString(random).replace(/[\ud800-\udfff]/g, 'x'),
    big: randomBigint(random),
    ratio: randomFloat(random),
    text: randomString(random),
    flag: random.next() < 0.5,
    at: randomDateTime(random),
    day: randomDate(random),
    clock: randomTime(random),
    blob: random.pick(['gAROLg==', 'gASVBwAAAAAAAABLAUsChpQu', '']),
    inner: randomInner(random),
    ints: listOf(random, () => randomInt(random)),
    bigs: listOf(random, () => randomBigint(random)),
    floats: listOf(random, () => randomFloat(random)),
    texts: listOf(random, () => randomString(random)),
    flags: listOf(random, () => random.next() < 0.5),
    ats: listOf(random, () => randomDateTime(random)),
    days: listOf(random, () => randomDate(random)),
    clocks: listOf(random, () => randomTime(random)),
    blobs: listOf(random, () => 'gAROLg=='),
    inners: listOf(random, () => randomInner(random)),
    grid: listOf(random, () => listOf(random, () => randomInt(random))),
    maybeInt: maybe(random, () => randomInt(random)),
    maybeBig: maybe(random, () => randomBigint(random)),
    maybeRatio: maybe(random, () => randomFloat(random)),
    maybeText: maybe(random, () => randomString(random)),
    maybeFlag: maybe(random, () => random.next() < 0.5),
    maybeAt: maybe(random, () => randomDateTime(random)),
    maybeDay: maybe(random, () => randomDate(random)),
    maybeClock: maybe(random, () => randomTime(random)),
    maybeBlob: maybe(random, () => 'gAROLg=='),
    maybeInner: maybe(random, () => randomInner(random)),
    maybeInts: maybe(random, () => listOf(random, () => randomInt(random))),
    holes: listOf(random, () => (random.next() < 0.3 ? null : randomString(random))),
  })
}

/** A nested class with a json member, so that nesting carries the exact reading down. */
class JsonInner extends BaseData.define({
  name: field.str(),
  extra: field.json(),
}) {}

export class JsonKinds extends BaseData.define({
  id: field.int({ id: true }),
  ratio: field.float(),
  payload: field.json(),
  text: field.str(),
  payloads: field.list(field.json()),
  maybePayload: field.optional(field.json()),
  inner: field.data(JsonInner),
  big: field.bigint(),
}) {}

/** Keys whose code point order differs from UTF-16 order (FORMAT.md §5.2), and one that is not a prototype. */
const EDGE_KEYS = ['a', 'B', '_x', 'Z', '', '\uff01', '\u{1F600}', '__proto__', 'constructor', 'é']

const randomJson = (random: Random, depth: number): JsonTree => {
  switch (random.int(depth > 3 ? 6 : 8)) {
    case 0:
      return null
    case 1:
      return random.next() < 0.5
    case 2:
      return randomBigint(random)
    case 3:
      return randomFloat(random)
    case 4:
      return random.pick([BigInt(random.int(10)), random.int(10)])
    case 5:
      return randomString(random)
    case 6:
      return listOf(random, () => randomJson(random, depth + 1))
    default: {
      const members: { [key: string]: JsonTree } = {}
      for (let i = random.int(5); i > 0; i--) {
        const key = random.next() < 0.5 ? random.pick(EDGE_KEYS) : randomString(random)
        Object.defineProperty(members, key, {
          value: randomJson(random, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return members
    }
  }
}

/** A random-ish `JsonKinds` instance; `seed` decides it. */
export const makeJsonKinds = (seed: number): JsonKinds => {
  const random = randomOf(seed)
  return new JsonKinds({
    id: randomInt(random),
    ratio: randomFloat(random),
    payload: randomJson(random, 0),
    text: randomString(random),
    payloads: listOf(random, () => randomJson(random, 1)),
    maybePayload: maybe(random, () => randomJson(random, 0)),
    inner: new JsonInner({ name: randomString(random), extra: randomJson(random, 1) }),
    big: randomBigint(random),
  })
}
