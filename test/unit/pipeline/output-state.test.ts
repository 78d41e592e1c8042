import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatasetFactory, Task } from '../../../src/index.ts'
import { fingerprintOf } from '../../../src/pipeline/fingerprint.ts'
import { inspectOutput, renderTaskEntry } from '../../../src/pipeline/output-state.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

let location: string
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

class Copy extends Task<Small> {
  run(small: Small): void {
    this.output.append(small)
  }
}

/** A task writing `out`, whose output was published with `extraOf(task)` in its `.def`. */
const taskWithOutput = async (extraOf: (task: Copy) => { [key: string]: unknown }): Promise<Copy> => {
  const factory = new DatasetFactory({ location, project: 'proj', branch: 'main', repoInfo: TEST_REPO_INFO })
  const task = new Copy({ outputDataset: factory.get(Small, 'out') })
  const writer = task.outputDataset.openWriter({ extra: extraOf(task) as never })
  writer.append(makeSmall(1))
  writer.close()
  return task
}

const SOURCES = { 'tasks/copy.ts': 'a'.repeat(40) }

describe('inspectOutput', () => {
  test('given an output whose task entry has no sources (an older hypergol), when inspected, then stale saying its fingerprint did not cover the imported files', async () => {
    const task = await taskWithOutput(() => ({
      hypergolTask: { className: 'Copy', fingerprint: 'made-by-0.0.9' },
    }))

    const state = inspectOutput(task, fingerprintOf(task, SOURCES))

    expect(state).toEqual({
      kind: 'stale',
      reasons: [
        'it was built by an older hypergol whose fingerprint did not cover the files the task imports',
      ],
    })
  })

  test('given an output written by the same task with the same sources, when inspected, then up to date', async () => {
    const task = await taskWithOutput((written) => renderTaskEntry(written, fingerprintOf(written, SOURCES)))

    expect(inspectOutput(task, fingerprintOf(task, SOURCES)).kind).toBe('up-to-date')
  })

  test('given an output whose recorded sources differ in one file, when inspected, then stale naming that file', async () => {
    const task = await taskWithOutput((written) => renderTaskEntry(written, fingerprintOf(written, SOURCES)))

    const state = inspectOutput(task, fingerprintOf(task, { 'tasks/copy.ts': 'b'.repeat(40) }))

    expect(state).toEqual({ kind: 'stale', reasons: ['code it imports changed (tasks/copy.ts)'] })
  })
})
