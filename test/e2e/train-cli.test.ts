/**
 * `hypergol train` with the compiled binary, from a temp dir with no node_modules: the training script and
 * its model are TypeScript loaded from disk, `hypergol` and `@tensorflow/tfjs` are the binary's own (tfjs on
 * WASM); it trains, checkpoints, continues from a checkpoint, and stops cleanly on Ctrl-C.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCheckpoint } from '../../src/index.ts'
import { getBinary, runBinary, runShellBlock } from '../helpers/binary.ts'
import { writePointsDatasets } from '../helpers/points-example.ts'

const TIMEOUT = 60_000
const SCRIPT = 'models/train-point-classifier.ts'

let project: string
const dataDir = () => join(project, 'data')
const modelDir = () => join(dataDir(), 'points', 'main', 'models', 'PointClassifier')
const steps = () =>
  readdirSync(modelDir())
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .sort((a, b) => a - b)

beforeAll(async () => {
  getBinary()
  project = mkdtempSync(join(tmpdir(), 'hypergol-train-'))
  cpSync(join(import.meta.dir, '..', '..', 'examples', 'points'), project, { recursive: true })
  mkdirSync(dataDir(), { recursive: true })
  await writePointsDatasets(join(project, 'data'))
}, TIMEOUT)
afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

describe("the README's training walk-through", () => {
  test(
    'given a copy of examples/points, when its shell block runs with the binary, then every command succeeds',
    () => {
      const readme = readFileSync(join(import.meta.dir, '..', '..', 'README.md'), 'utf8')
      const block = /## Training[\s\S]*?```shell\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
      const copy = mkdtempSync(join(tmpdir(), 'hypergol-points-'))
      cpSync(join(import.meta.dir, '..', '..', 'examples', 'points'), copy, { recursive: true })

      const result = runShellBlock(block, copy)

      expect(block.split('\n').filter((line) => line.startsWith('hypergol ')).length).toBe(4)
      expect(result.stderr).toContain('PointClassifier: 20 steps to global step 50')
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain('PointPrediction')
      rmSync(copy, { recursive: true, force: true })
    },
    TIMEOUT,
  )
})

describe('hypergol train', () => {
  test(
    'given a training script, when trained with the binary, then checkpoints 0 to 30 exist and the final accuracy is reported',
    () => {
      const result = runBinary(['train', SCRIPT], { cwd: project })

      expect(result.stderr).toContain('PointClassifier_')
      // Training is not seeded: a run may classify every held-out point right.
      expect(result.stderr).toMatch(/Accuracy (0\.[89]\d*|1\.0+)\b/)
      expect(result.exitCode).toBe(0)
      expect(steps()).toEqual([0, 10, 20, 30])
      expect(readCheckpoint(join(modelDir(), '30')).signature.script).toBe(SCRIPT)
    },
    TIMEOUT,
  )

  test(
    'given checkpoint 30, when trained again without --restore, then refused with the command that continues',
    () => {
      const result = runBinary(['train', SCRIPT], { cwd: project })

      expect(result.exitCode).toBe(3)
      expect(result.stderr).toContain(`--restore ${join(modelDir(), '30')}`)
    },
    TIMEOUT,
  )

  test(
    'given checkpoint 30, when continued with --restore and --steps 10, then checkpoint 40 exists and its evaluation output verifies',
    () => {
      const result = runBinary(['train', SCRIPT, '--restore', join(modelDir(), '30'), '--steps', '10'], {
        cwd: project,
      })
      const verify = runBinary([
        'dataset',
        'verify',
        join(dataDir(), 'points', 'main', 'point_predictions_30'),
      ])

      expect(result.exitCode).toBe(0)
      expect(steps()).toEqual([0, 10, 20, 30, 40])
      expect(verify.exitCode).toBe(0)
    },
    TIMEOUT,
  )

  test(
    'given a block changed since checkpoint 40, when restored, then a warning names the file; with --strict, refused naming it',
    () => {
      const block = join(project, 'models', 'blocks', 'mlp.ts')
      const original = readFileSync(block, 'utf8')
      writeFileSync(block, `${original}\n// tuned\n`)
      try {
        const strict = runBinary(
          ['train', SCRIPT, '--restore', join(modelDir(), '40'), '--steps', '10', '--strict'],
          {
            cwd: project,
          },
        )
        const warned = runBinary(['train', SCRIPT, '--restore', join(modelDir(), '40'), '--steps', '10'], {
          cwd: project,
        })

        expect(strict.exitCode).toBe(2)
        expect(strict.stderr).toContain(
          "was trained with other code than the project's now: models/blocks/mlp.ts changed since",
        )
        expect(strict.stderr).toContain('[E_CHECKPOINT_MISMATCH]')
        expect(steps()).toEqual([0, 10, 20, 30, 40, 50])
        expect(warned.exitCode).toBe(0)
        expect(warned.stderr).toContain('models/blocks/mlp.ts changed since')
        expect(warned.stderr).toContain('it is restored with the code as it is now (--strict refuses)')
        expect(readCheckpoint(join(modelDir(), '50')).signature.sources?.['models/blocks/mlp.ts']).toBe(
          new Bun.CryptoHasher('sha1').update(readFileSync(block)).digest('hex'),
        )
      } finally {
        writeFileSync(block, original)
      }
    },
    TIMEOUT,
  )

  test(
    'given a long run, when interrupted with SIGINT, then it ends with 130 after a checkpoint, and its evaluation output is complete',
    async () => {
      // A fresh start: the earlier runs' checkpoints and evaluation output would be refused.
      rmSync(modelDir(), { recursive: true, force: true })
      rmSync(join(dataDir(), 'points', 'main', 'point_predictions_0'), { recursive: true, force: true })
      const child = Bun.spawn([getBinary(), 'train', SCRIPT, '--steps', '1000000'], {
        cwd: project,
        env: { ...process.env, NO_COLOR: '1', CI: 'true' },
        stdout: 'pipe',
        stderr: 'pipe',
      })
      const deadline = Date.now() + 30_000
      while (!existsSync(join(modelDir(), '10')) && Date.now() < deadline) await Bun.sleep(20)

      child.kill('SIGINT')
      const exitCode = await child.exited
      const stderr = await new Response(child.stderr).text()

      expect(exitCode).toBe(130)
      expect(stderr).toContain('--restore')
      const last = steps().at(-1) as number
      expect(last).toBeGreaterThanOrEqual(10)
      expect(readCheckpoint(join(modelDir(), String(last))).signature.step).toBe(last)
      expect(
        existsSync(join(dataDir(), 'points', 'main', 'point_predictions_0', 'point_predictions_0.chk')),
      ).toBe(true)
    },
    TIMEOUT,
  )
})
