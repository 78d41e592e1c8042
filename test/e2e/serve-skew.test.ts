/**
 * `hypergol serve` of a checkpoint whose code changed since it trained: a warning naming the changed files,
 * or, with `--strict`, a refusal; with the compiled binary on the points example.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runBinary } from '../helpers/binary.ts'
import { trainedPointsProject } from '../helpers/points-example.ts'
import { startServing } from '../helpers/serving.ts'

const TIMEOUT = 60_000

let project: string
let checkpoint: string

beforeAll(async () => {
  ;({ project, checkpoint } = await trainedPointsProject('hypergol-skew-'))
}, TIMEOUT)
afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

/** Starts `hypergol serve` on the checkpoint and gives what it logged until it served, then stops it. */
const logOfServing = async (): Promise<string> => {
  const { server, log } = await startServing([checkpoint], project)
  server.kill('SIGKILL')
  return log()
}

describe('hypergol serve and changed code', () => {
  test(
    'given the code it trained with, when served, then no warning',
    async () => {
      const log = await logOfServing()

      expect(log).not.toContain('was trained with other code')
    },
    TIMEOUT,
  )

  test(
    'given the model changed since it trained, when served, then a warning names the file; with --strict, refused naming it',
    async () => {
      const model = join(project, 'models', 'point-classifier.ts')
      const original = readFileSync(model, 'utf8')
      writeFileSync(model, `${original}\n// tuned\n`)
      try {
        const log = await logOfServing()
        const strict = runBinary(['serve', checkpoint, '--port', '0', '--strict'], { cwd: project })

        expect(log).toContain(
          "was trained with other code than the project's now: models/point-classifier.ts changed since",
        )
        expect(log).toContain('it is served with the code as it is now (--strict refuses)')
        expect(strict.exitCode).toBe(2)
        expect(strict.stderr).toContain('models/point-classifier.ts changed since')
        expect(strict.stderr).toContain('[E_CHECKPOINT_MISMATCH]')
      } finally {
        writeFileSync(model, original)
      }
    },
    TIMEOUT,
  )
})
