/**
 * @module tf-backend
 * The one tfjs instance of this runtime, on the WASM backend (STACK.md §3): what `import … from
 * '@tensorflow/tfjs'` gives user code, in the main thread and in every Worker. The backend belongs to one JS
 * thread, so each thread that imports tfjs initialises it once (about 30 ms). The wasm files are embedded
 * in the binary; their paths are given explicitly, since tfjs would otherwise look for them at the build
 * machine's node_modules path and quietly fail.
 */
import { isAbsolute, join } from 'node:path'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm' with { type: 'file' }
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm' with { type: 'file' }
import { HypergolError } from '../errors.ts'

type Tf = typeof import('@tensorflow/tfjs')

/** A plain `bun build` bundle gives the wasm paths relative to the bundle (STACK.md §3). */
const absolute = (path: string): string => (isAbsolute(path) ? path : join(import.meta.dir, path))

let loading: Promise<Tf> | undefined

const initialise = async (): Promise<Tf> => {
  const tf = await import('@tensorflow/tfjs')
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm')
  // Silences the "running TensorFlow.js in Node.js" banner; it also silences tfjs's own init errors, hence
  // the check of setBackend's result below.
  tf.enableProdMode()
  setWasmPaths({
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    // Wasm threads never run under Bun; the map form needs the key all the same.
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmSimd),
  })
  if (!(await tf.setBackend('wasm'))) {
    throw new HypergolError('E_TF_BACKEND', 'tfjs could not start its WASM backend', {
      hint: 'This is a bug in hypergol or its build; rerun with --debug and report the output.',
    })
  }
  return tf
}

/**
 * tfjs with the WASM backend ready, initialised on the first call in this thread.
 *
 * @throws HypergolError E_TF_BACKEND when the backend cannot start.
 */
export const loadTf = (): Promise<Tf> => {
  loading ??= initialise()
  return loading
}
