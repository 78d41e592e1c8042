import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatasetFactory, HypergolError, Task } from '../../../src/index.ts'
import { pinInputs } from '../../../src/pipeline/input-pins.ts'
import { makeSmall, Small } from '../../helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../../helpers/repo-info.ts'

let location: string
let factory: DatasetFactory
beforeEach(() => {
  location = mkdtempSync(join(tmpdir(), 'hypergol-'))
  factory = new DatasetFactory({ location, project: 'proj', branch: 'main', repoInfo: TEST_REPO_INFO })
})
afterEach(() => {
  rmSync(location, { recursive: true, force: true })
})

class Copy extends Task<Small> {
  run(small: Small): void {
    this.output.append(small)
  }
}

describe('pinInputs', () => {
  test('given a task whose second input is missing, when pinned, then it throws and the first input is left unpinned (a later version of it reads)', async () => {
    const present = factory.get(Small, 'present')
    await present.writeAll([makeSmall(1)])
    const task = new Copy({
      inputDatasets: [present as never, factory.get(Small, 'missing') as never],
      outputDataset: factory.get(Small, 'out'),
    })

    expect(() => pinInputs(task, true)).toThrow(HypergolError)
    present.delete()
    await present.writeAll([makeSmall(2)])

    // Pinned, the first input would still answer with the version it had (or refuse the new one).
    const ids: number[] = []
    for await (const small of present.read()) ids.push(small.smallId)
    expect(ids).toEqual([2])
  })
})
