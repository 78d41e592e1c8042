import { describe, expect, test } from 'bun:test'
import { TokenCount } from '../../data-models/token-count.ts'

// The TokenCount these checks run on: replace the values with realistic ones.
const example = new TokenCount({
  sentenceId: 1,
  count: 1,
})

describe('TokenCount', () => {
  test('its hash id is valid and survives a round trip', () => {
    expect(example.testGetHashId()).toBe(true)
  })

  test('toData() holds exactly its members, each of its declared type', () => {
    expect(example.testToData()).toBe(true)
  })

  test('fromData(toData()) gives an equal TokenCount', () => {
    expect(example.testFromData()).toBe(true)
  })
})
