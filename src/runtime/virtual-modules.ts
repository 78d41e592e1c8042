/**
 * @module virtual-modules
 * Makes `import … from 'hypergol'` (and `'@tensorflow/tfjs'`) in user code resolve to this very runtime
 * (the binary's own modules, or `src/index.ts` from source), so a user's `class T extends Task` extends our
 * `Task` and `instanceof` holds. The plugin belongs to one JS thread: the main thread and every Worker register it before the
 * first user import (STACK.md §8). It wins over a `node_modules/hypergol` in the user's project.
 */
import { plugin } from 'bun'

let registered = false

/** Registers the virtual modules in this thread; later calls do nothing. */
export const registerVirtualModules = (): void => {
  if (registered) return
  registered = true
  plugin({
    name: 'hypergol-modules',
    setup(build) {
      build.module('hypergol', async () => {
        const api = await import('../index.ts')
        return { exports: { ...api, default: api }, loader: 'object' }
      })
      // The binary's own tfjs on the WASM backend, so user code and hypergol share one tf instance (its
      // kernels, backend and memory). Loaded only when user code imports it: tfjs costs start-up time.
      build.module('@tensorflow/tfjs', async () => {
        const { loadTf } = await import('../model/tf.ts')
        const tf = await loadTf()
        return { exports: { ...tf, default: tf }, loader: 'object' }
      })
    },
  })
}
