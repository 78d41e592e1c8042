import { describe, expect, test } from 'bun:test'
import { DateTime, exampleOf, TimeOfDay } from 'hypergol'
import { Label } from '../../data-models/label.ts'
import { Sentence } from '../../data-models/sentence.ts'

// The Sentence these checks run on: replace the values with realistic ones.
const example = new Sentence({
  sentenceId: 1,
  text: 'text',
  tokens: ['tokens'],
  label: exampleOf(Label),
  labels: [exampleOf(Label)],
  createdAt: DateTime.parse('2020-01-02T03:04:05.123456'),
  clock: TimeOfDay.parse('03:04:05.123456'),
  flag: true,
  meta: { flag: true, none: null, ratio: 0.5, tags: ['x'] },
  note: 'note',
})

describe('Sentence', () => {
  test('its hash id is valid and survives a round trip', () => {
    expect(example.testGetHashId()).toBe(true)
  })

  test('toData() holds exactly its members, each of its declared type', () => {
    expect(example.testToData()).toBe(true)
  })

  test('fromData(toData()) gives an equal Sentence', () => {
    expect(example.testFromData()).toBe(true)
  })
})
