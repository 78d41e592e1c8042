/**
 * @module dataset-cat
 * `hypergol dataset cat DATASET_DIR [--limit N] [--no-verify]`: the objects in reading order as canonical
 * lines, parsed and re-rendered without a data class, so the output equals the stored lines byte for byte.
 * Every chunk is checked against the `.chk` before its lines are printed.
 */
import { defineCommand } from 'citty'
import { parseJsonTree, renderJsonTree } from '../data/json-tree.ts'
import { countBackgroundReads } from '../dataset/background-chunk-read.ts'
import { readDatasetLines } from '../dataset/reader.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { allowIncompleteArg, datasetDirArg, verifyArg } from './args.ts'
import { loadDatasetArg } from './dataset-arg.ts'
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
    ...verifyArg,
    ...allowIncompleteArg,
  },
  async run({ args }) {
    const limit = args.limit === undefined ? Number.POSITIVE_INFINITY : parseCount(args.limit, '--limit')
    const dataset = await loadDatasetArg(args.dir, 'cat', {
      allowIncomplete: args.allowIncomplete,
      verify: args.verify,
    })
    if (dataset.chk === undefined)
      getLogger().warn(`${dataset.chkPath} is missing: nothing printed is checked`)
    // With verify on, a chunk's lines are held until its SHA-1 is checked (the reader moves on to the next
    // chunk only then), so a damaged chunk prints nothing; only chunks over HOLD_CHARS stream before that.
    const hold = args.verify ? HOLD_CHARS : 0
    let pending = ''
    let chunkPath: string | undefined
    let printed = 0
    // A line that does not parse in a verified chunk: most often a changed byte, which the chunk's checksum
    // (checked when its last block is read) names as the real cause; reported only if the checksum holds.
    let unparsed: { error: unknown; path: string } | undefined
    try {
      for await (const block of readDatasetLines(dataset, { verify: args.verify })) {
        if (unparsed !== undefined) {
          if (block.path !== unparsed.path) break
          continue
        }
        if (block.path !== chunkPath) {
          await writeStdout(pending)
          pending = ''
          if (printed >= limit) break
          chunkPath = block.path
        }
        // Past the limit, the rest of the chunk is still read, to check the lines already held.
        if (printed >= limit) continue
        try {
          for (const [offset, line] of block.lines.entries()) {
            if (printed >= limit) break
            if (line === '') continue
            pending += `${renderJsonTree(parseLine(line, block.path, block.firstLineNumber + offset))}\n`
            printed++
          }
        } catch (error) {
          if (!args.verify) throw error
          unparsed = { error, path: block.path }
          pending = ''
          continue
        }
        if (pending.length > hold) {
          await writeStdout(pending)
          pending = ''
        }
      }
      if (unparsed !== undefined) throw unparsed.error
      await writeStdout(pending)
    } catch (error) {
      // With a line unparsed, only its own chunk's checksum mismatch explains it better; a failure of the
      // next chunk (missing, unreachable) must not replace it.
      if (unparsed !== undefined && !isMismatchOf(error, unparsed.path)) throw unparsed.error
      if (!(error instanceof StdoutClosed)) throw error
    }
    getLogger().debug(`${countBackgroundReads()} chunk file(s) decompressed and hashed on a second core`)
  },
})

/** Whether `error` is the checksum mismatch of the chunk file at `path`. */
const isMismatchOf = (error: unknown, path: string): boolean =>
  error instanceof HypergolError &&
  error.code === 'E_CHECKSUM_MISMATCH' &&
  error.message.startsWith(`${path} `)

/** Most characters of a chunk held back until its checksum is checked. */
const HOLD_CHARS = 64 * 1024 * 1024

const parseLine = (line: string, path: string, lineNumber: number) => {
  try {
    return parseJsonTree(line)
  } catch (error) {
    throw new HypergolError('E_JSON_SYNTAX', `${path} line ${lineNumber}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}
