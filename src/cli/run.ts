/**
 * @module run
 * `hypergol run PIPELINE.ts`: runs a user's pipeline module with the binary alone (see `runPipelineFile`).
 */
import { defineCommand } from 'citty'
import { handleInterrupts } from '../interrupt.ts'
import { getLogger } from '../logger.ts'
import { runPipelineFile } from '../pipeline/run-pipeline.ts'
import { renderTimings } from '../timings.ts'
import { allowDirtyArg, dataDirArg, verifyArg } from './args.ts'
import { parseCount, parsePositiveCount, parseSeconds } from './parse-count.ts'

const parseTaskList = (value: string): number[] =>
  value.split(',').map((part) => parseCount(part.trim(), '--only-tasks'))

export default defineCommand({
  meta: {
    name: 'run',
    description: 'Run a pipeline: its tasks in order, each spread over Workers, outputs published atomically',
  },
  args: {
    pipeline: {
      type: 'positional',
      description: 'The pipeline module (.ts) whose default export is a Pipeline or (context) => Pipeline',
      valueHint: 'PIPELINE.ts',
      required: true,
    },
    threads: {
      type: 'string',
      description: 'Workers per task (default: the number of CPU cores)',
      valueHint: 'N',
    },
    onlyTasks: {
      type: 'string',
      description: 'Run only these tasks, by 0-based position in the pipeline (e.g. 1,2)',
      valueHint: 'I,J',
    },
    ...dataDirArg,
    rebuild: {
      type: 'boolean',
      description: 'Rebuild the selected tasks whatever the state of their outputs (stale or up to date)',
      default: false,
    },
    ...allowDirtyArg,
    keepGoing: {
      type: 'boolean',
      description:
        'Log and count objects whose run() throws and go on; the output is published, recorded as partial',
      default: false,
    },
    ...verifyArg,
    timings: {
      type: 'boolean',
      description:
        'Print where the wall time went, phase by phase (process start, git, Workers, jobs, merge, fsync, publish)',
      default: false,
    },
    jobTimeout: {
      type: 'string',
      description: 'Stop the task when one of its jobs runs longer than this (default: no limit)',
      valueHint: 'SECONDS',
    },
  },
  async run({ args }) {
    const threads = args.threads === undefined ? undefined : parsePositiveCount(args.threads, '--threads')
    const jobTimeout =
      args.jobTimeout === undefined ? undefined : parseSeconds(args.jobTimeout, '--job-timeout')
    const stopHandlingInterrupts = handleInterrupts()
    try {
      await runPipelineFile(args.pipeline, {
        threads,
        onlyTasks: args.onlyTasks === undefined ? undefined : parseTaskList(args.onlyTasks),
        dataDir: args.dataDir,
        rebuild: args.rebuild,
        allowDirty: args.allowDirty,
        keepGoing: args.keepGoing,
        verify: args.verify,
        jobTimeoutSeconds: jobTimeout,
      })
    } finally {
      stopHandlingInterrupts()
    }
    if (args.timings)
      getLogger().log(['timings (wall clock, ms):', ...renderTimings(performance.now())].join('\n'))
  },
})
