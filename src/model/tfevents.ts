/**
 * @module tfevents
 * TensorBoard event files, written without TensorFlow: a TFRecord file (`events.out.tfevents.<time>.<host>`)
 * of `Event` protocol buffers, the first one holding `file_version`, then one scalar `Summary` per value.
 * A TFRecord is `uint64 length`, `uint32 masked CRC-32C of length`, the bytes, `uint32 masked CRC-32C of the
 * bytes`, all little-endian. Only the few protobuf fields TensorBoard reads for scalars are encoded.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/** Built at the first use, not at start-up: every process and Worker loads this module with the API. */
let crc32cTable: Uint32Array | undefined

const crc32cTableOf = (): Uint32Array => {
  if (crc32cTable !== undefined) return crc32cTable
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  crc32cTable = table
  return table
}

/** CRC-32C (Castagnoli) of `bytes`. */
export const crc32c = (bytes: Uint8Array): number => {
  const table = crc32cTableOf()
  let crc = 0xffffffff
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** The CRC as TFRecord stores it: rotated right by 15 and offset, so data holding its own CRC stays safe. */
export const maskedCrc32c = (bytes: Uint8Array): number => {
  const crc = crc32c(bytes)
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0
}

/** Protocol buffer pieces: varints, keys, and length-delimited fields. */
class ProtoWriter {
  private readonly parts: number[] = []

  varint(value: number | bigint): this {
    let rest = BigInt(value)
    do {
      const low = Number(rest & 0x7fn)
      rest >>= 7n
      this.parts.push(rest > 0n ? low | 0x80 : low)
    } while (rest > 0n)
    return this
  }

  key(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint((field << 3) | wireType)
  }

  double(field: number, value: number): this {
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setFloat64(0, value, true)
    this.key(field, 1)
    this.parts.push(...bytes)
    return this
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4)
    new DataView(bytes.buffer).setFloat32(0, value, true)
    this.key(field, 5)
    this.parts.push(...bytes)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2).varint(value.length)
    this.parts.push(...value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

/** One TFRecord around `data`. */
const renderRecord = (data: Uint8Array): Uint8Array => {
  const header = new Uint8Array(12)
  const view = new DataView(header.buffer)
  view.setBigUint64(0, BigInt(data.length), true)
  view.setUint32(8, maskedCrc32c(header.subarray(0, 8)), true)
  const footer = new Uint8Array(4)
  new DataView(footer.buffer).setUint32(0, maskedCrc32c(data), true)
  const record = new Uint8Array(header.length + data.length + footer.length)
  record.set(header, 0)
  record.set(data, header.length)
  record.set(footer, header.length + data.length)
  return record
}

/** `Event { wall_time = 1, step = 2, file_version = 3 }`. */
const renderVersionEvent = (wallTime: number): Uint8Array =>
  new ProtoWriter().double(1, wallTime).string(3, 'brain.Event:2').finish()

/** `Event { wall_time = 1, step = 2, summary = 5 { value = 1 { tag = 1, simple_value = 2 } } }`. */
const renderScalarEvent = (wallTime: number, step: number, tag: string, value: number): Uint8Array => {
  const summaryValue = new ProtoWriter().string(1, tag).float(2, value).finish()
  const summary = new ProtoWriter().bytes(1, summaryValue).finish()
  return new ProtoWriter().double(1, wallTime).key(2, 0).varint(step).bytes(5, summary).finish()
}

let writers = 0

/** Appends scalars to a new event file in `directory` (which must exist), one TFRecord per value. */
export class EventFileWriter {
  readonly path: string

  constructor(directory: string) {
    const now = Date.now() / 1000
    // The pid and a counter keep a run started within the same second from meeting an earlier run's file.
    this.path = join(
      directory,
      `events.out.tfevents.${Math.floor(now)}.${hostname()}.${process.pid}.${writers++}`,
    )
    writeFileSync(this.path, renderRecord(renderVersionEvent(now)), { flag: 'wx' })
  }

  /** Records `value` of `tag` at `step`. */
  addScalar(tag: string, value: number, step: number, wallTime = Date.now() / 1000): void {
    appendFileSync(this.path, renderRecord(renderScalarEvent(wallTime, step, tag, value)))
  }
}
