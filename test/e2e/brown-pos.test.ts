/**
 * The Brown example's mechanics with the compiled binary, from a temp dir with no node_modules, on four
 * files of the corpus: the README's commands (with `BROWN_FILES=4` and a 30-step training) read and split
 * it and train the tagger, which then continues from its checkpoint and is served. (The full-corpus run and
 * its accuracy are a benchmark, in the README.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { setUpBrownProject } from '../helpers/brown-project.ts'
import { startServing } from '../helpers/serving.ts'

const TIMEOUT = 120_000
const ROOT = join(import.meta.dir, '..', '..')

let project: string
const branchDir = () => join(project, 'data', 'brown_pos', 'dummy')
const countOf = (name: string): number => {
  const show = runBinary(['dataset', 'show', join(branchDir(), name), '--json'])
  return (JSON.parse(show.stdout) as { objectCount: number }).objectCount
}

beforeAll(() => {
  getBinary()
  project = mkdtempSync(join(tmpdir(), 'hypergol-brown-'))
  setUpBrownProject(project, ['ca01', 'ca02', 'cb01', 'cn01'])
}, TIMEOUT)
afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

describe('examples/brown-pos', () => {
  test(
    "given four corpus files, when the README's commands run (a 30-step training), then the sentences are split and the tagger reports its accuracy",
    () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
      const block = /### A real example[\s\S]*?```shell\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
      const commands = block.split('\n').filter((line) => line.startsWith('hypergol '))

      const results = commands.map((command) => {
        const args = command.split(/\s+/).slice(1)
        return runBinary(args[0] === 'train' ? [...args, '--steps', '30'] : args, {
          cwd: project,
          env: { BROWN_FILES: '4' },
        })
      })

      expect(commands.map((command) => command.split(' ')[1])).toEqual(['run', 'train'])
      for (const result of results) expect(result.exitCode).toBe(0)
      const sentences = countOf('sentences')
      expect(sentences).toBeGreaterThan(200)
      expect(countOf('training_sentences') + countOf('evaluation_sentences')).toBe(sentences)
      expect(countOf('evaluation_sentences')).toBeGreaterThan(0)
      expect(results[1]?.stderr).toMatch(/Tagger_\d{8}_0{40} at step 30: Loss [\d.]+, Accuracy 0\.\d+/)
    },
    TIMEOUT,
  )

  test(
    'given the 30-step training, when continued for 10 steps from its checkpoint, then checkpoints 0, 30 and 40 exist and both evaluation outputs verify',
    () => {
      const modelDir = join(branchDir(), 'models', 'Tagger')
      const script = 'examples/brown-pos/models/train-tagger.ts'

      const result = runBinary(['train', script, '--restore', join(modelDir, '30'), '--steps', '10'], {
        cwd: project,
      })
      const verify = runBinary([
        'dataset',
        'verify',
        join(branchDir(), 'tagged_sentences_0'),
        join(branchDir(), 'tagged_sentences_30'),
      ])

      expect(result.exitCode).toBe(0)
      expect(readdirSync(modelDir).sort()).toEqual(['0', '30', '40'])
      expect(verify.exitCode).toBe(0)
    },
    TIMEOUT,
  )
})

describe('the Brown tagger served', () => {
  test(
    'given checkpoint 40, when served by the binary, then a POSTed sentence gets one tag per word and the model headers',
    async () => {
      const checkpoint = join(branchDir(), 'models', 'Tagger', '40')
      const { server, url } = await startServing([checkpoint], project)
      try {
        const words = ['The', 'jury', 'said', 'it', 'did', 'find', '.']

        const response = await fetch(`${url}/output`, { method: 'POST', body: JSON.stringify([{ words }]) })
        const [tagging] = (await response.json()) as { words: string[]; tags: string[] }[]

        expect(response.status).toBe(200)
        expect(response.headers.get('x-model-long-name')).toMatch(/^Tagger_\d{8}_0{40}$/)
        expect(tagging?.words).toEqual(words)
        expect(tagging?.tags.length).toBe(words.length)
        expect(tagging?.tags.at(-1)).toBe('.')
      } finally {
        server.kill('SIGTERM')
        expect(await server.exited).toBe(0)
      }
    },
    TIMEOUT,
  )
})
