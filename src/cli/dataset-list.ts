/**
 * @module dataset-list
 * `hypergol dataset list [DIR]`: every dataset under DIR with its type, object count, size and checksum.
 */
import { relative } from 'node:path'
import { defineCommand } from 'citty'
import { findDatasetsInBucket, loadDatasetAt } from '../dataset/dataset-at.ts'
import { isS3Url } from '../dataset/storage/store-of.ts'
import { type DatasetSummary, findDatasetDirs, summarizeDatasetDir } from '../dataset/summary.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { jsonArg } from './args.ts'
import { renderBytes } from './render-bytes.ts'
import { writeStdout } from './stdout.ts'

const renderTable = (rows: string[][]): string => {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  )
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

export default defineCommand({
  meta: { name: 'list', description: 'List every dataset under a directory' },
  args: {
    root: {
      type: 'positional',
      description: 'Where to look',
      valueHint: 'DIR',
      required: false,
      default: '.',
    },
    ...jsonArg,
  },
  async run({ args }) {
    const root = args.root ?? '.'
    const summaries: DatasetSummary[] = []
    const unreadable = (_directory: string, error: HypergolError) =>
      getLogger().warn(`${error.message}: its datasets are not listed`)
    const directories = isS3Url(root) ? await findDatasetsInBucket(root) : findDatasetDirs(root, unreadable)
    for (const directory of directories) {
      try {
        summaries.push(
          await summarizeDatasetDir(await loadDatasetAt(directory, { allowIncomplete: true, verify: false })),
        )
      } catch (error) {
        if (!(error instanceof HypergolError)) throw error
        getLogger().warn(`${directory}: ${error.message}`)
      }
    }
    if (args.json) {
      await writeStdout(`${JSON.stringify(summaries, null, 2)}\n`)
      return
    }
    if (summaries.length === 0) {
      getLogger().info(`No datasets under ${root}`)
      return
    }
    const rows = [['DATASET', 'TYPE', 'OBJECTS', 'SIZE', 'CHECKSUM']]
    for (const summary of summaries) {
      rows.push([
        (isS3Url(root)
          ? summary.directory.slice(root.replace(/\/+$/, '').length + 1)
          : relative(root, summary.directory)) || '.',
        summary.dataType,
        String(summary.objectCount),
        renderBytes(summary.sizeBytes),
        summary.checksum ?? 'incomplete (no .chk)',
      ])
    }
    await writeStdout(`${renderTable(rows)}\n`)
  },
})
