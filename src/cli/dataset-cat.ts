/**
 * @module dataset-cat
 * `hypergol dataset cat DATASET_DIR [--limit N]`: the objects in reading order as canonical lines, parsed and
 * re-rendered without a data class, so the output equals the stored lines byte for byte.
 */
import { defineCommand } from 'citty'
import { parseJsonTree, renderJsonTree } from '../data/json-tree.ts'
import { loadDatasetDir } from '../dataset/dataset-dir.ts'
import { readDatasetLines } from '../dataset/reader.ts'
import { HypergolError } from '../errors.ts'
import { allowIncompleteArg, datasetDirArg } from './args.ts'
import { parseCount } from './parse-count.ts'
import { StdoutClosed, writeStdout } from './stdout.ts'

export default defineCommand({
  meta: {
    name: 'cat',
    description: 'Print the objects of a dataset as canonical JSON lines, in reading order',
  },
  args: {
    ...datasetDirArg,
    limit: { type: 'string', description: 'Print at most N objects', valueHint: 'N' },
    verify: {
      type: 'boolean',
      description: 'Check each chunk against the .chk while reading',
      default: false,
    },
    ...allowIncompleteArg,
  },
  async run({ args }) {
    const limit = args.limit === undefined ? Number.POSITIVE_INFINITY : parseCount(args.limit, '--limit')
    const dataset = loadDatasetDir(args.dir, { allowIncomplete: args.allowIncomplete })
    let printed = 0
    try {
      for await (const block of readDatasetLines(dataset, { verify: args.verify })) {
        let text = ''
        for (const [offset, line] of block.lines.entries()) {
          if (printed >= limit) break
          if (line === '') continue
          text += `${renderJsonTree(parseLine(line, block.path, block.firstLineNumber + offset))}\n`
          printed++
        }
        await writeStdout(text)
        if (printed >= limit) break
      }
    } catch (error) {
      if (!(error instanceof StdoutClosed)) throw error
    }
  },
})

const parseLine = (line: string, path: string, lineNumber: number) => {
  try {
    return parseJsonTree(line)
  } catch (error) {
    throw new HypergolError('E_JSON_SYNTAX', `${path} line ${lineNumber}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}
