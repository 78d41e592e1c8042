/**
 * @module dataset-show
 * `hypergol dataset show DATASET_DIR`: what a dataset is, where it came from, and its lineage as a tree.
 */
import { defineCommand } from 'citty'
import { describePartial, type LineageNode, summarizeDatasetDir } from '../dataset/summary.ts'
import { describeChanges } from '../dataset/working-tree.ts'
import { allowIncompleteArg, datasetDirArg, jsonArg } from './args.ts'
import { loadDatasetArg } from './dataset-arg.ts'
import { renderBytes } from './render-bytes.ts'
import { writeStdout } from './stdout.ts'

const describeNode = (node: LineageNode): string =>
  `${node.name} (${[node.dataType, node.checksum, ...node.flags].filter(Boolean).join(', ')})`

/** Renders a lineage tree with box-drawing branches, the dataset itself first. */
const renderLineage = (root: LineageNode): string => {
  const lines = [describeNode(root)]
  const walk = (node: LineageNode, indent: string): void => {
    node.dependencies.forEach((child, index) => {
      const last = index === node.dependencies.length - 1
      lines.push(`${indent}${last ? '└── ' : '├── '}${describeNode(child)}`)
      walk(child, `${indent}${last ? '    ' : '│   '}`)
    })
  }
  walk(root, '')
  return lines.join('\n')
}

export default defineCommand({
  meta: { name: 'show', description: 'Show type, size, provenance, checksum and lineage of a dataset' },
  args: { ...datasetDirArg, ...jsonArg, ...allowIncompleteArg },
  async run({ args }) {
    const summary = await summarizeDatasetDir(
      await loadDatasetArg(args.dir, 'show', { allowIncomplete: args.allowIncomplete, verify: false }),
    )
    if (args.json) {
      await writeStdout(`${JSON.stringify(summary, null, 2)}\n`)
      return
    }
    const rows: [string, string][] = [
      ['name', summary.name],
      ['directory', summary.directory],
      ['type', summary.dataType],
      ['chunks', String(summary.chunkCount)],
      ['objects', String(summary.objectCount)],
      ['size', renderBytes(summary.sizeBytes)],
      ['created', summary.creationTime],
      ['branch', summary.branchName],
      ['commit', summary.commitHash],
      ['message', summary.commitMessage.trimEnd().split('\n')[0] ?? ''],
      ['committer', summary.committer],
      ['checksum', summary.checksum ?? 'none: incomplete (no .chk)'],
    ]
    if (summary.uncommitted !== undefined) {
      const changes = summary.uncommitted
      rows.push([
        'uncommitted',
        `written from ${changes.pathCount} path(s) not in the commit: ${describeChanges(changes)} (content SHA-1 ${changes.contentSha1})`,
      ])
    }
    if (summary.partial !== undefined) rows.push(['partial', describePartial(summary.partial)])
    const width = Math.max(...rows.map(([key]) => key.length))
    const text = rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n')
    await writeStdout(`${text}\nlineage:\n${renderLineage(summary.lineage)}\n`)
  },
})
