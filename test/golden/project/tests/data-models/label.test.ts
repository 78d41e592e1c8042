import { describe, expect, test } from 'bun:test'
import { Label } from '../../data-models/label.ts'

// The Label these checks run on: replace the values with realistic ones.
const example = new Label({
  name: 'name',
  score: 0.5,
})

describe('Label', () => {
  test('toData() holds exactly its members, each of its declared type', () => {
    expect(example.testToData()).toBe(true)
  })

  test('fromData(toData()) gives an equal Label', () => {
    expect(example.testFromData()).toBe(true)
  })
})
