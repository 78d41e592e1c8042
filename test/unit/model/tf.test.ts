/**
 * `loadTf()` from source: tfjs comes from its own entrypoint, on the WASM backend, once per thread.
 */
import { describe, expect, test } from 'bun:test'
import { loadTf } from '../../../src/model/tf.ts'

describe('loadTf', () => {
  test('when called, then tfjs runs on the WASM backend and computes', async () => {
    const tf = await loadTf()

    expect(tf.getBackend()).toBe('wasm')
    expect(tf.tidy(() => tf.tensor1d([1.5, 2.25]).sum().arraySync())).toBe(3.75)
  })

  test('when called twice, then both calls give the same tf instance', async () => {
    expect(await loadTf()).toBe(await loadTf())
  })
})
