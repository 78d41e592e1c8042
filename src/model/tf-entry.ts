/**
 * @module tf-entry
 * tfjs on its WASM backend (STACK.md §3), as a build entrypoint of its own: the binary's main and Worker
 * bundles then stay free of tfjs (a Worker that does not use it starts about 10 ms sooner), and every
 * module of a thread that loads this one shares its single tf instance. Reach it only through `loadTf()`
 * (`tf.ts`); it imports nothing of hypergol's, whose classes would be copies here.
 */
import { isAbsolute, join } from 'node:path'
// The package's file, not its name: the name is the virtual module user code gets (virtual-modules.ts),
// which itself loads this module, so importing it by name from source would wait on itself forever.
import * as tf from '@tensorflow/tfjs/dist/index.js'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm' with { type: 'file' }
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm' with { type: 'file' }
import { registerWasmFallbacks } from './wasm-fallbacks.ts'

/** A plain `bun build` bundle gives the wasm paths relative to the bundle (STACK.md §3). */
const absolute = (path: string): string => (isAbsolute(path) ? path : join(import.meta.dir, path))

/** The tf instance of this thread and the backend it runs on. */
export interface StartedTf {
  tf: typeof tf
  backend: 'wasm' | 'cpu'
  /** Kernels that run on cpu through a copy because wasm lacks them (STACK.md §4). */
  proxiedKernels: string[]
}

/**
 * Starts the WASM backend in this thread (about 30 ms), or the pure-JS `cpu` backend when WASM cannot
 * start, and registers the training kernels WASM lacks. The caller says so loudly when it is `cpu`.
 */
export const startTf = async (): Promise<StartedTf> => {
  // Silences the "running TensorFlow.js in Node.js" banner; it also silences tfjs's own init errors, hence
  // the check of setBackend's result.
  tf.enableProdMode()
  // The wasm files are embedded in the binary; without explicit paths tfjs looks for them at the build
  // machine's node_modules path and quietly fails.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    // Wasm threads never run under Bun; the map form needs the key all the same.
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmSimd),
  })
  const wanted = process.env.HYPERGOL_TF_BACKEND === 'cpu' ? 'cpu' : 'wasm'
  let backend: 'wasm' | 'cpu' = 'cpu'
  if (wanted === 'wasm' && (await tf.setBackend('wasm').catch(() => false))) backend = 'wasm'
  else if (!(await tf.setBackend('cpu')))
    throw new Error('tfjs could start neither its wasm nor its cpu backend')
  return { tf, backend, proxiedKernels: registerWasmFallbacks() }
}
