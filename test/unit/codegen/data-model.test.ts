/**
 * `create data-model`: exact output (golden files), and generated tests that pass at once for every member
 * type, nested and list members included.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { parseMembers } from '../../../src/codegen/field-types.ts'
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
      'serial:bigint:id',
      'total:bigint',
      'bigs:List[bigint]?',
      'payload:json',
      'payloads:List[json]',
      'maybePayload:json?',
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

describe('parseMembers', () => {
  test('given bigint and json members, bigint as an id, then they parse into field.bigint and field.json', () => {
    expect(parseMembers(['count:bigint:id', 'payload:json', 'extras:List[json]?'], [])).toEqual([
      { name: 'count', type: { kind: 'builtin', name: 'bigint' }, id: true },
      { name: 'payload', type: { kind: 'builtin', name: 'json' }, id: false },
      {
        name: 'extras',
        type: { kind: 'optional', item: { kind: 'list', item: { kind: 'builtin', name: 'json' } } },
        id: false,
      },
    ])
  })

  test.each(['payload:json:id', 'ratio:float:id', 'ids:List[bigint]:id'])(
    'given %s, then refused: only int, bigint and str members can be ids',
    (member) => {
      expect(() => parseMembers([member], [])).toThrow(
        'only int, bigint and str members can be part of the id',
      )
    },
  )
})
