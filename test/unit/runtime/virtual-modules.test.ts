/**
 * User code importing `'@tensorflow/tfjs'` before anything has started tfjs: the virtual module loads the
 * runtime's tfjs, whose own import of the package must not resolve back to the virtual module (it did once,
 * and the import waited on itself forever). A fresh process, so no earlier test has started tfjs.
 */
import { expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const LOADER = join(import.meta.dir, '..', '..', '..', 'src', 'runtime', 'load-user-module.ts')

test('given a user module importing tfjs in a fresh process, when loaded, then it gets the started tf', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'hypergol-virtual-'))
  try {
    const user = join(directory, 'uses-tf.ts')
    writeFileSync(
      user,
      "import * as tf from '@tensorflow/tfjs'\nimport { Task } from 'hypergol'\nexport default { sum: tf.tensor1d([1, 2, 3]).sum().dataSync()[0], backend: tf.getBackend(), task: typeof Task }\n",
    )
    const main = join(directory, 'main.ts')
    writeFileSync(
      main,
      `import { loadUserModule } from ${JSON.stringify(LOADER)}\n` +
        `const loaded = await loadUserModule(${JSON.stringify(user)}, { kind: 'test module', code: 'E_PIPELINE_LOAD', expected: 'a module' })\n` +
        'console.log(JSON.stringify(loaded))\n',
    )
    const child = Bun.spawn([process.execPath, main], { stdout: 'pipe', stderr: 'pipe' })
    const timer = setTimeout(() => child.kill(), 30_000)
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ])
    clearTimeout(timer)

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(JSON.parse(stdout)).toEqual({ sum: 6, backend: 'wasm', task: 'function' })
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}, 40_000)
