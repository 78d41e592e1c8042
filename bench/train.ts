/**
 * The train suite (issue 6): training samples/s of the Brown example's tagger on the WASM backend and on
 * the pure-JS `cpu` backend, in the same run, and the share of training time spent waiting for data
 * (reading batches and making their tensors). The corpus's first 60 files go through the example's
 * pipeline with the compiled binary; each measurement is a fresh training run in a child process.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { loadBranchName } from '../src/dataset/repo-info.ts'
import { prepareBrownCorpus, ROOT } from './brown-corpus.ts'
import { report } from './report.ts'

const SUITE = 'train'
const FILES = 60

interface RunFigures {
  backend: string
  samples: number
  trainingSeconds: number
  dataSeconds: number
}

const trainOnce = (dataDir: string, backend: 'wasm' | 'cpu', steps: number): RunFigures => {
  // A fresh run each time: the example's checkpoints and evaluation output are never overwritten.
  const branchDir = join(dataDir, 'brown_pos', loadBranchName(ROOT))
  rmSync(join(branchDir, 'models'), { recursive: true, force: true })
  rmSync(join(branchDir, 'tagged_sentences_0'), { recursive: true, force: true })
  rmSync(join(dataDir, 'brown_pos', 'tensorboard'), { recursive: true, force: true })
  const child = Bun.spawnSync(['bun', join(import.meta.dir, 'train-run.ts'), dataDir, String(steps)], {
    cwd: ROOT,
    env: { ...process.env, HYPERGOL_TF_BACKEND: backend, CI: 'true' },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if (child.exitCode !== 0) throw new Error(`training on ${backend} failed: ${child.stderr.toString()}`)
  const figures = JSON.parse(child.stdout.toString().trim().split('\n').pop() ?? '') as RunFigures
  if (figures.backend !== backend) throw new Error(`asked for ${backend}, trained on ${figures.backend}`)
  return figures
}

export const runTrainSuite = async (): Promise<void> => {
  const dataDir = prepareBrownCorpus(FILES)
  try {
    const wasm = trainOnce(dataDir, 'wasm', 200)
    const cpu = trainOnce(dataDir, 'cpu', 20)
    report(SUITE, 'train_wasm', wasm.samples / wasm.trainingSeconds, 'samples/s')
    report(SUITE, 'train_cpu', cpu.samples / cpu.trainingSeconds, 'samples/s')
    report(SUITE, 'train_data_wait', (100 * wasm.dataSeconds) / wasm.trainingSeconds, '%')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
