import { afterEach, describe, expect, test } from 'bun:test'
import {
  addTiming,
  recordedTimings,
  renderTimings,
  resetTimings,
  timed,
  timedAsync,
} from '../../src/timings.ts'

afterEach(() => resetTimings())

describe('timings', () => {
  test('given a phase recorded twice, when read, then its times add up in the order first recorded', () => {
    addTiming('git', 2)
    addTiming('jobs', 5)
    addTiming('git', 3)

    expect(recordedTimings()).toEqual([
      ['git', 5],
      ['jobs', 5],
    ])
  })

  test('given work that throws, when timed, then the error passes through and its time still counts', async () => {
    expect(() =>
      timed('merge', () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    await expect(
      timedAsync('jobs', () => Bun.sleep(5).then(() => Promise.reject(new Error('late')))),
    ).rejects.toThrow('late')

    const phases = new Map(recordedTimings())
    expect(phases.get('merge')).toBeGreaterThanOrEqual(0)
    expect(phases.get('jobs')).toBeGreaterThanOrEqual(4)
  })

  test('given phases, when rendered, then one aligned line each and the total last', () => {
    addTiming('git', 1.25)
    addTiming('workers start', 40)

    expect(renderTimings(123.456)).toEqual([
      '  git                 1.3 ms',
      '  workers start      40.0 ms',
      '  total             123.5 ms',
    ])
  })
})
