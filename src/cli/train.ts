/**
 * @module train
 * `hypergol train TRAIN.ts`: trains with a user's training script with the binary alone (see
 * `runTrainingFile`). The first Ctrl-C stops after the current step with a checkpoint and a complete
 * evaluation output; a second one stops at once.
 */
import { defineCommand } from 'citty'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { runTrainingFile } from '../model/train-file.ts'
import { allowDirtyArg, dataDirArg, strictArg } from './args.ts'
import { parsePositiveCount } from './parse-count.ts'

export default defineCommand({
  meta: {
    name: 'train',
    description: 'Train a model: checkpoints, evaluation on held-out data, metrics for TensorBoard',
  },
  args: {
    script: {
      type: 'positional',
      description: 'The training script (.ts) whose default export is defineTraining(…)',
      valueHint: 'TRAIN.ts',
      required: true,
    },
    steps: {
      type: 'string',
      description: "Training steps in this run (default: the script's steps)",
      valueHint: 'N',
    },
    restore: {
      type: 'string',
      description: 'Continue from this checkpoint (…/models/<ModelName>/<step>)',
      valueHint: 'DIR',
    },
    ...dataDirArg,
    ...allowDirtyArg,
    ...strictArg,
  },
  async run({ args }) {
    const steps = args.steps === undefined ? undefined : parsePositiveCount(args.steps, '--steps')
    const stop = new AbortController()
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stop.signal.aborted) {
        // The second Ctrl-C: the default handling ends the process now.
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        process.kill(process.pid, signal)
        return
      }
      getLogger().warn(`${signal}: stopping after this step with a checkpoint (Ctrl-C again to stop at once)`)
      stop.abort()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      const report = await runTrainingFile(args.script, {
        steps,
        restore: args.restore,
        dataDir: args.dataDir,
        allowDirty: args.allowDirty,
        strict: args.strict,
        signal: stop.signal,
      })
      const metrics = Object.entries(report.finalMetrics ?? {})
        .map(([name, value]) => `${name} ${value.toFixed(4)}`)
        .join(', ')
      getLogger().info(`${report.longName} at step ${report.step}${metrics === '' ? '' : `: ${metrics}`}`)
      if (report.stopped) {
        const last = report.checkpoints[report.checkpoints.length - 1]
        throw new HypergolError('E_INTERRUPTED', `training stopped at step ${report.step}`, {
          hint:
            last === undefined ? undefined : `Continue with: hypergol train ${args.script} --restore ${last}`,
        })
      }
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  },
})
