/**
 * The kernels WASM lacks for training (STACK.md §4): their gradients on WASM equal the pure-JS cpu
 * backend's, and the models that need them train on WASM.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { loadTf, loadTfBackend } from '../../../src/model/tf.ts'

type Tf = Awaited<ReturnType<typeof loadTf>>

/** `compute` on the wasm backend and on the cpu backend, as plain arrays. */
const onBoth = async <T>(compute: (tf: Tf) => T): Promise<{ wasm: T; cpu: T }> => {
  const tf = await loadTf()
  await tf.setBackend('wasm')
  const wasm = compute(tf)
  await tf.setBackend('cpu')
  const cpu = compute(tf)
  await tf.setBackend('wasm')
  return { wasm, cpu }
}

const expectClose = (actual: number[], expected: number[]): void => {
  expect(actual.length).toBe(expected.length)
  for (const [index, value] of actual.entries()) expect(value).toBeCloseTo(expected[index] as number, 4)
}

afterEach(async () => {
  await (await loadTf()).setBackend('wasm')
})

describe('registerWasmFallbacks', () => {
  test('when tfjs starts, then it runs on wasm and proxies the training kernels wasm lacks', async () => {
    const started = await loadTfBackend()

    expect(started.backend).toBe('wasm')
    expect(started.proxiedKernels).toContain('Conv2DBackpropFilter')
    expect(started.tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined()
  })

  test('given an embedding lookup, when differentiated on wasm, then the gradient equals the cpu one', async () => {
    const { wasm, cpu } = await onBoth((tf) =>
      tf.tidy(() => {
        const table = tf.tensor2d([
          [0.5, -1, 2],
          [1.5, 0.25, -0.75],
          [3, 1, 0],
          [-2, 0.5, 1],
        ])
        const ids = tf.tensor1d([2, 0, 2, 3, 2, 1], 'int32')
        const weights = tf.tensor2d([[1], [2], [3], [4], [5], [6]])
        const gradient = tf.grad((t: import('@tensorflow/tfjs').Tensor) =>
          tf.gather(t, ids).mul(weights).sum(),
        )(table)
        return Array.from(gradient.dataSync())
      }),
    )

    expectClose(wasm, cpu)
    // Row 2 was gathered at positions 0, 2 and 4 (weights 1 + 3 + 5).
    expect(wasm.slice(6, 9)).toEqual([9, 9, 9])
  })

  test('given a conv1d, when its filter gradient is computed on wasm, then it equals the cpu one', async () => {
    const { wasm, cpu } = await onBoth((tf) =>
      tf.tidy(() => {
        const input = tf.tensor3d(
          Array.from({ length: 2 * 6 * 3 }, (_, i) => Math.sin(i)),
          [2, 6, 3],
        )
        const filter = tf.tensor3d(
          Array.from({ length: 3 * 3 * 4 }, (_, i) => Math.cos(i)),
          [3, 3, 4],
        )
        const gradient = tf.grad((f: import('@tensorflow/tfjs').Tensor) =>
          tf
            .conv1d(input, f as import('@tensorflow/tfjs').Tensor3D, 1, 'same')
            .square()
            .sum(),
        )(filter)
        return Array.from(gradient.dataSync())
      }),
    )

    expectClose(wasm, cpu)
  })

  test.each([
    [false, true],
    [true, false],
    [true, true],
  ])(
    'given float32 operands with transposeA %p and transposeB %p, when multiplied on wasm, then the product equals the cpu one, in 2 and 3 dimensions',
    async (transposeA, transposeB) => {
      const values = (count: number) => Array.from({ length: count }, (_, i) => Math.sin(i * 0.7))
      const { wasm, cpu } = await onBoth((tf) =>
        tf.tidy(() => {
          const a = tf.tensor2d(values(12), transposeA ? [4, 3] : [3, 4])
          const b = tf.tensor2d(values(20), transposeB ? [5, 4] : [4, 5])
          const a3 = tf.tensor3d(values(24), transposeA ? [2, 4, 3] : [2, 3, 4])
          const b3 = tf.tensor3d(values(40), transposeB ? [2, 5, 4] : [2, 4, 5])
          return [
            ...tf.matMul(a, b, transposeA, transposeB).dataSync(),
            ...tf.matMul(a3, b3, transposeA, transposeB).dataSync(),
          ]
        }),
      )

      expect(wasm.length).toBe(15 + 30)
      expectClose(wasm, cpu)
    },
  )

  test('given int32 matrices, when multiplied on wasm, then the product is exact', async () => {
    const tf = await loadTf()

    const product = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d(
            [
              [1, 2],
              [3, 4],
            ],
            [2, 2],
            'int32',
          ),
          tf.tensor2d([[5], [6]], [2, 1], 'int32'),
        )
        .arraySync(),
    )

    expect(product).toEqual([[17], [39]])
  })

  test('given an embedding + bidirectional LSTM + conv1d tagger, when trained on wasm, then its loss falls', async () => {
    const tf = await loadTf()
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: 6 }),
        tf.layers.conv1d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 6, returnSequences: true }) as never }),
        tf.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    })
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' })
    const ids = tf.tensor2d(
      Array.from({ length: 32 * 6 }, (_, i) => (i * 7) % 20),
      [32, 6],
      'int32',
    )
    const tags = tf.oneHot(tf.mod(ids, 4).cast('int32'), 4)

    const history = await model.fit(ids, tags, { epochs: 15, batchSize: 32, verbose: 0 })

    const losses = history.history.loss as number[]
    expect(losses[losses.length - 1] as number).toBeLessThan((losses[0] as number) * 0.7)
    tf.dispose([ids, tags])
    model.dispose()
  }, 30_000)
})
