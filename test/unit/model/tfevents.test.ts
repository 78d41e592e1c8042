/**
 * TensorBoard event files: CRC-32C against its standard check value, and files read back record by record
 * the way TensorBoard's reader does (length, masked CRCs, protobuf fields).
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32c, EventFileWriter, maskedCrc32c } from '../../../src/model/tfevents.ts'

let directory: string
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(directory, { recursive: true, force: true })
})

/** The records of a TFRecord file, checking both CRCs of each. */
const readRecords = (bytes: Uint8Array): Uint8Array[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    const length = Number(view.getBigUint64(at, true))
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc32c(bytes.subarray(at, at + 8)))
    const data = bytes.subarray(at + 12, at + 12 + length)
    expect(view.getUint32(at + 12 + length, true)).toBe(maskedCrc32c(data))
    records.push(data)
    at += 12 + length + 4
  }
  return records
}

/** Protobuf fields of `bytes` by number: varints as bigint, fixed64 as double, fixed32 as float, bytes as bytes. */
const readFields = (bytes: Uint8Array): Map<number, (bigint | number | Uint8Array)[]> => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const fields = new Map<number, (bigint | number | Uint8Array)[]>()
  let at = 0
  const varint = (): bigint => {
    let value = 0n
    let shift = 0n
    for (;;) {
      const byte = bytes[at++] as number
      value |= BigInt(byte & 0x7f) << shift
      shift += 7n
      if ((byte & 0x80) === 0) return value
    }
  }
  while (at < bytes.length) {
    const key = Number(varint())
    const field = key >> 3
    let value: bigint | number | Uint8Array
    if ((key & 7) === 0) value = varint()
    else if ((key & 7) === 1) {
      value = view.getFloat64(at, true)
      at += 8
    } else if ((key & 7) === 5) {
      value = view.getFloat32(at, true)
      at += 4
    } else {
      const length = Number(varint())
      value = bytes.subarray(at, at + length)
      at += length
    }
    fields.set(field, [...(fields.get(field) ?? []), value])
  }
  return fields
}

describe('crc32c', () => {
  test('given the standard check input, when hashed, then gives the Castagnoli check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283)
  })
})

describe('EventFileWriter', () => {
  test('given two scalars, when written, then the file holds a version event and two scalar events TensorBoard can decode', () => {
    const writer = new EventFileWriter(directory)

    writer.addScalar('Loss', 0.5, 3, 1700000000.25)
    writer.addScalar('Accuracy', 0.75, 10, 1700000001)

    const records = readRecords(readFileSync(writer.path))
    expect(records.length).toBe(3)
    const version = readFields(records[0] as Uint8Array)
    expect(new TextDecoder().decode(version.get(3)?.[0] as Uint8Array)).toBe('brain.Event:2')
    const event = readFields(records[1] as Uint8Array)
    expect(event.get(1)).toEqual([1700000000.25])
    expect(event.get(2)).toEqual([3n])
    const summary = readFields(event.get(5)?.[0] as Uint8Array)
    const value = readFields(summary.get(1)?.[0] as Uint8Array)
    expect(new TextDecoder().decode(value.get(1)?.[0] as Uint8Array)).toBe('Loss')
    expect(value.get(2)).toEqual([0.5])
    expect(readFields(records[2] as Uint8Array).get(2)).toEqual([10n])
  })
})
