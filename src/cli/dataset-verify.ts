/**
 * @module dataset-verify
 * `hypergol dataset verify DATASET_DIR...`: recompute every checksum. Exit 0 with a one-line summary per
 * dataset on stdout; exit 1 naming each bad file with its expected and actual SHA-1.
 */
import { defineCommand } from 'citty'
import type { DatasetDir } from '../dataset/dataset-dir.ts'
import { parsePartialEntry } from '../dataset/def-file.ts'
import { describePartial } from '../dataset/summary.ts'
import { verifyDatasetDir } from '../dataset/verify.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { startProgress } from '../progress.ts'
import { loadDatasetArg } from './dataset-arg.ts'
import { writeStdout } from './stdout.ts'

export default defineCommand({
  meta: { name: 'verify', description: 'Recompute every checksum of datasets and compare with their .chk' },
  args: {
    dir: {
      type: 'positional',
      description: 'Dataset directories (folders holding NAME.def)',
      valueHint: 'DATASET_DIR...',
      required: true,
    },
  },
  async run({ args }) {
    const directories = args._.length > 0 ? args._ : [args.dir]
    const logger = getLogger()
    let failed = 0
    let damaged = 0
    let unreadable = 0
    for (const directory of directories) {
      let dataset: DatasetDir
      try {
        dataset = await loadDatasetArg(directory, 'verify', { verify: false })
      } catch (error) {
        if (!(error instanceof HypergolError)) throw error
        logger.error(`${directory}: ${error.message} [${error.code}]`)
        if (error.hint) logger.info(error.hint)
        failed++
        continue
      }
      const progress = startProgress(`verify ${dataset.name}`, dataset.def.chunkCount, 'chunks')
      const report = await verifyDatasetDir(dataset, { onChunk: (done) => progress.update(done) })
      progress.finish()
      for (const problem of report.problems) {
        logger.error(
          `${directory}: ${problem.file}: expected ${problem.expected ?? '(no .chk entry)'}, actual ${problem.actual}`,
        )
      }
      if (report.problems.length > 0) {
        failed++
        if (report.problems.some((problem) => problem.kind !== 'unreadable')) damaged++
        else unreadable++
        continue
      }
      const partial = parsePartialEntry(dataset.def.extra)
      const partialText = partial === undefined ? '' : `; PARTIAL: ${describePartial(partial)}`
      await writeStdout(
        `OK ${directory}: ${report.chunkCount} chunks, ${report.objectCount} objects, checksum ${report.checksum}${partialText}\n`,
      )
    }
    if (failed > 0) {
      throw new HypergolError(
        'E_VERIFY_FAILED',
        `${failed} of ${directories.length} dataset(s) failed verification`,
        {
          hint:
            damaged > 0
              ? 'A changed or damaged file cannot be repaired from the .chk; restore the dataset from its source.'
              : unreadable > 0
                ? 'Files that cannot be read were not checked: see why above (permissions: ls -l), then verify again.'
                : 'Each error above says what to do.',
        },
      )
    }
  },
})
