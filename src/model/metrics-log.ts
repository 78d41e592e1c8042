/**
 * @module metrics-log
 * Metrics of a training run under `<data dir>/<project>/tensorboard/<branch>/<ModelName>/`, in two forms:
 * TensorBoard event files in `train/` and `evaluate/` (point `tensorboard --logdir` at the folder) and the
 * same values as JSON lines, `train/metrics.jsonl` (the loss of every step) and `evaluate/metrics.jsonl`
 * (loss and the model's metrics at evaluation steps). Both are appended to, so a restored run continues
 * them; lines are buffered and written at each `flush()`.
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { EventFileWriter } from './tfevents.ts'

/** Which writer a value goes to, as TensorBoard names its runs. */
export type MetricsPhase = 'train' | 'evaluate'

/** One line of `metrics.jsonl`. */
export interface MetricLine {
  step: number
  name: string
  value: number
  /** Seconds since the epoch, as TensorBoard's wall time. */
  wallTime: number
}

const PHASES = ['train', 'evaluate'] as const

/** Records metric values of one training run. */
export class MetricsLog {
  private readonly pending: Record<MetricsPhase, MetricLine[]> = { train: [], evaluate: [] }
  private readonly events: Record<MetricsPhase, EventFileWriter>

  constructor(readonly directory: string) {
    for (const phase of PHASES) mkdirSync(join(directory, phase), { recursive: true })
    this.events = {
      train: new EventFileWriter(join(directory, 'train')),
      evaluate: new EventFileWriter(join(directory, 'evaluate')),
    }
  }

  /** Records `value` of metric `name` at `step`. */
  add(phase: MetricsPhase, step: number, name: string, value: number): void {
    this.pending[phase].push({ step, name, value, wallTime: Date.now() / 1000 })
  }

  /** Writes what was recorded since the last flush. */
  flush(): void {
    for (const phase of PHASES) {
      const lines = this.pending[phase]
      if (lines.length === 0) continue
      for (const line of lines) this.events[phase].addScalar(line.name, line.value, line.step, line.wallTime)
      appendFileSync(
        join(this.directory, phase, 'metrics.jsonl'),
        `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`,
      )
      lines.length = 0
    }
  }
}
