/**
 * @module dataset-copy
 * `hypergol dataset copy SRC DST`: copies a dataset between a local folder and an S3 bucket (either way, or
 * folder to folder), verifying every chunk as it goes and writing the `.chk` last (see `copyDataset`).
 */
import { defineCommand } from 'citty'
import { copyDataset } from '../dataset/copy.ts'
import { startProgress } from '../progress.ts'
import { writeStdout } from './stdout.ts'

export default defineCommand({
  meta: {
    name: 'copy',
    description: 'Copy a dataset between folders and s3:// buckets, verified, its .chk written last',
  },
  args: {
    source: {
      type: 'positional',
      description: 'The dataset: its folder (holding NAME.def) or s3://bucket/prefix/NAME',
      valueHint: 'SRC',
      required: true,
    },
    destination: {
      type: 'positional',
      description: 'Where it goes: a folder or s3:// URL ending in the same NAME',
      valueHint: 'DST',
      required: true,
    },
    lock: {
      type: 'string',
      description: "Redis URL: hold the destination bucket folder's publish lock until the copy is committed",
      valueHint: 'REDIS_URL',
    },
  },
  async run({ args }) {
    let progress: ReturnType<typeof startProgress> | undefined
    const report = await copyDataset(args.source, args.destination, {
      lock: args.lock,
      onChunk: (done, total) => {
        progress ??= startProgress(`copy ${args.source}`, total, 'chunks')
        progress.update(done)
      },
    })
    progress?.finish()
    await writeStdout(
      `${report.destination}: copied from ${report.source}, ${report.chunkCount} chunks verified, checksum ${report.checksum}\n`,
    )
  },
})
