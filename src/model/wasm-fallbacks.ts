/**
 * @module wasm-fallbacks
 * The training kernels tfjs's WASM backend lacks (STACK.md §4), registered in the calling thread (the kernel
 * registry belongs to one JS thread): a fast `UnsortedSegmentSum` (the gradient of `gather`, so of every
 * embedding), on both the WASM and the pure-JS `cpu` backend; a proxy to the cpu kernel for every other
 * kernel wasm lacks (`Conv2DBackpropFilter` for conv1d/conv2d training, einsum, …); and `BatchMatMul` on
 * int32 inputs (which wasm rejects) and on transposed operands (which it multiplies slowly). Imported only
 * by `tf-entry.ts`, so it shares that thread's tfjs.
 *
 * The backends are typed as the small interfaces below: the one place where hypergol reaches into tfjs
 * internals (STYLE.md §19).
 */
// The package's file, not its name: the name is the virtual module user code gets (virtual-modules.ts),
// which itself loads this module, so importing it by name from source would wait on itself forever.
import * as tf from '@tensorflow/tfjs/dist/index.js'

type DataId = object
type Values = Float32Array | Int32Array | Uint8Array | string[] | Uint8Array[]

interface TensorData {
  dataId: DataId
  shape: number[]
  dtype: tf.DataType
}

interface WasmBackend {
  readSync(dataId: DataId): Values
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: Values): TensorData
}

interface CpuBackend {
  readSync(dataId: DataId): Values
  write(values: Values, shape: number[], dtype: tf.DataType): DataId
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Values): TensorData
  disposeData(dataId: DataId, force?: boolean): boolean
}

type Inputs = { [name: string]: TensorData | undefined }

/**
 * Sums the rows of `x` into `numSegments` segments by `segmentIds` in one pass; tfjs's cpu version runs a
 * tensor op per segment, which made embedding training 10× slower (STACK.md §4).
 */
const segmentSum = (
  x: Values,
  xShape: number[],
  ids: Values,
  idCount: number,
  idRank: number,
  numSegments: number,
): { values: Float32Array; shape: number[] } => {
  const inner = idCount === 0 ? 0 : x.length / idCount
  const out = new Float32Array(numSegments * inner)
  const source = x as Float32Array
  const segments = ids as Int32Array
  for (let row = 0; row < idCount; row++) {
    const segment = segments[row] as number
    if (segment < 0 || segment >= numSegments) continue
    const from = row * inner
    const to = segment * inner
    for (let i = 0; i < inner; i++) out[to + i] = (out[to + i] as number) + (source[from + i] as number)
  }
  return { values: out, shape: [numSegments, ...xShape.slice(idRank)] }
}

const segmentSumKernel =
  (make: (backend: unknown, shape: number[], dtype: tf.DataType, values: Float32Array) => TensorData) =>
  ({ inputs, attrs, backend }: { inputs: Inputs; attrs?: object; backend: unknown }): TensorData => {
    const { x, segmentIds } = inputs as { x: TensorData; segmentIds: TensorData }
    const reader = backend as { readSync(dataId: DataId): Values }
    const idCount = segmentIds.shape.reduce((a, b) => a * b, 1)
    const { numSegments } = attrs as { numSegments: number }
    const { values, shape } = segmentSum(
      reader.readSync(x.dataId),
      x.shape,
      reader.readSync(segmentIds.dataId),
      idCount,
      segmentIds.shape.length,
      numSegments,
    )
    return make(backend, shape, x.dtype, values)
  }

const replaceKernel = (kernelName: string, backendName: string, kernelFunc: tf.KernelFunc): void => {
  if (tf.getKernel(kernelName, backendName) !== undefined) tf.unregisterKernel(kernelName, backendName)
  tf.registerKernel({ kernelName, backendName, kernelFunc })
}

/** Runs cpu's kernel on copies of wasm tensors and copies the results back. */
const proxyToCpu =
  (cpuKernel: tf.KernelFunc) =>
  ({
    inputs,
    attrs,
    backend,
  }: {
    inputs: Inputs
    attrs?: object
    backend: unknown
  }): TensorData | TensorData[] => {
    const wasm = backend as WasmBackend
    const cpu = tf.findBackend('cpu') as unknown as CpuBackend
    const copies: { [name: string]: TensorData } = {}
    const made: DataId[] = []
    for (const [name, input] of Object.entries(inputs)) {
      // Optional inputs of a record may be left undefined.
      if (input === undefined) continue
      const dataId = cpu.write(wasm.readSync(input.dataId), input.shape, input.dtype)
      made.push(dataId)
      copies[name] = { dataId, shape: input.shape, dtype: input.dtype }
    }
    const result = cpuKernel({
      inputs: copies as unknown as tf.NamedTensorInfoMap,
      attrs: attrs as tf.NamedAttrMap,
      backend: cpu as unknown as tf.KernelBackend,
    }) as unknown as TensorData | TensorData[]
    const outputs = Array.isArray(result) ? result : [result]
    const back = outputs.map((output) => {
      const values = cpu.readSync(output.dataId)
      made.push(output.dataId)
      return wasm.makeOutput(output.shape, output.dtype, undefined, values)
    })
    for (const dataId of made) cpu.disposeData(dataId, true)
    return Array.isArray(result) ? back : (back[0] as TensorData)
  }

type KernelArgs = { inputs: Inputs; attrs?: object; backend: unknown }

/**
 * wasm's `BatchMatMul`, with two fixes: int32 inputs (which it rejects) go to cpu's kernel, and a
 * transposed operand is transposed first. wasm multiplies a transposed operand on a slow path, 10× slower
 * than transposing and multiplying (measured: 500 ms against 50 ms for a 6144×128 by 128×340 product),
 * and every dense layer's gradient multiplies by a transposed weight or input.
 */
const matMulKernel = (
  matMul: tf.KernelFunc,
  transpose: tf.KernelFunc,
  viaCpu: (args: KernelArgs) => TensorData | TensorData[],
) =>
  ((args: KernelArgs) => {
    const { a, b } = args.inputs as { a: TensorData; b: TensorData }
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return viaCpu(args)
    const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean }
    if (!transposeA && !transposeB) return matMul(args as unknown as Parameters<tf.KernelFunc>[0])
    const backend = args.backend as { disposeData(dataId: DataId): boolean }
    const made: TensorData[] = []
    const upright = (x: TensorData, transposed: boolean | undefined): TensorData => {
      if (!transposed) return x
      const perm = x.shape.map((_, axis) => axis)
      const last = perm.length - 1
      ;[perm[last - 1], perm[last]] = [perm[last] as number, perm[last - 1] as number]
      const result = transpose({
        inputs: { x } as unknown as tf.NamedTensorInfoMap,
        attrs: { perm } as unknown as tf.NamedAttrMap,
        backend: args.backend as tf.KernelBackend,
      }) as unknown as TensorData
      made.push(result)
      return result
    }
    try {
      return matMul({
        inputs: { a: upright(a, transposeA), b: upright(b, transposeB) } as unknown as tf.NamedTensorInfoMap,
        attrs: { ...args.attrs, transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
        backend: args.backend as tf.KernelBackend,
      })
    } finally {
      for (const tensor of made) backend.disposeData(tensor.dataId)
    }
  }) as unknown as tf.KernelFunc

/** Kernel names registered for `backendName`. */
const kernelNamesOf = (backendName: string): Set<string> =>
  new Set(tf.getKernelsForBackend(backendName).map((kernel) => kernel.kernelName))

let registered = false

/**
 * Registers the fallbacks in this thread, once; call after the backend is set. Returns the names of the
 * kernels proxied to cpu.
 */
export const registerWasmFallbacks = (): string[] => {
  if (registered) return []
  registered = true
  const cpuSegmentSum = segmentSumKernel((backend, shape, dtype, values) =>
    (backend as CpuBackend).makeTensorInfo(shape, dtype, values),
  )
  replaceKernel('UnsortedSegmentSum', 'cpu', cpuSegmentSum as unknown as tf.KernelFunc)
  // Only a started wasm backend: asking tfjs for an unstarted one would start it, and async.
  if (tf.getBackend() !== 'wasm') return []
  const wasmSegmentSum = segmentSumKernel((backend, shape, dtype, values) =>
    (backend as WasmBackend).makeOutput(shape, dtype, undefined, values),
  )
  replaceKernel('UnsortedSegmentSum', 'wasm', wasmSegmentSum as unknown as tf.KernelFunc)
  const wasmKernels = kernelNamesOf('wasm')
  const proxied: string[] = []
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (wasmKernels.has(kernel.kernelName)) continue
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName: 'wasm',
      kernelFunc: proxyToCpu(kernel.kernelFunc) as unknown as tf.KernelFunc,
    })
    proxied.push(kernel.kernelName)
  }
  const wasmMatMul = tf.getKernel('BatchMatMul', 'wasm')
  const cpuMatMul = tf.getKernel('BatchMatMul', 'cpu')
  const wasmTranspose = tf.getKernel('Transpose', 'wasm')
  if (wasmMatMul !== undefined && cpuMatMul !== undefined && wasmTranspose !== undefined) {
    replaceKernel(
      'BatchMatMul',
      'wasm',
      matMulKernel(wasmMatMul.kernelFunc, wasmTranspose.kernelFunc, proxyToCpu(cpuMatMul.kernelFunc)),
    )
  }
  return proxied
}
