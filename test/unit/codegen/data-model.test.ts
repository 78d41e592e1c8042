/**
 * `create data-model`: exact output (golden files), and generated tests that pass at once for every member
 * type, nested and list members included.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { createDataModel, createExampleClasses, SENTENCE_MEMBERS } from '../../helpers/codegen-examples.ts'
import { expectGolden } from '../../helpers/golden.ts'
import { makeSourceProject, runProjectTests } from '../../helpers/source-project.ts'

let root: string
beforeEach(() => {
  root = makeSourceProject()
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

const create = (name: string, ...members: string[]) => createDataModel(root, name, ...members)

describe('generateDataModel', () => {
  test("given the README's example classes, then the files equal the golden files", () => {
    for (const file of createExampleClasses(root)) expectGolden(`project/${file.path}`, file.content)
  })

  test('given classes with every member type, then their generated tests pass at once', () => {
    create('Label', 'name:str', 'score:float')
    create('Sentence', ...SENTENCE_MEMBERS)
    create(
      'Everything',
      'key:str:id',
      'count:int:id',
      'ratio:float',
      'flag:bool',
      'at:datetime',
      'day:date',
      'clock:time',
      'blob:object',
      'nested:Sentence',
      'maybeNested:Label?',
      'grid:List[List[int]]',
      'maybeList:List[date]?',
      'listOfMaybe:List[float?]',
    )

    const { exitCode, output } = runProjectTests(root)

    expect(output).toContain(' 8 pass')
    expect(output).toContain(' 0 fail')
    expect(exitCode).toBe(0)
  }, 30_000)
})
