import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  changedSources,
  collectLocalSources,
  findExportingModule,
  relativeSources,
} from '../../../src/runtime/local-sources.ts'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
}

describe('collectLocalSources', () => {
  test('given a module importing helpers, a JSON file, a package and hypergol, when collected, then the project files reached in any way are listed with their SHA-1s', () => {
    write('pipelines/p.ts', "import { T } from '../tasks/t.ts'\nimport 'hypergol'\nexport default T\n")
    write(
      'tasks/t.ts',
      "import { h } from './h.ts'\nimport config from '../config.json'\nexport class T {}\n",
    )
    write('tasks/h.ts', "export const h = async () => (await import('./later.ts')).x\n")
    write('tasks/later.ts', 'export const x = 1\n')
    write('config.json', '{"a": 1}')
    write('node_modules/pkg/index.js', 'export const p = 1\n')
    write('node_modules/pkg/package.json', '{"name": "pkg", "main": "index.js"}')
    write('tasks/uses-pkg.ts', "import { p } from 'pkg'\nexport const q = p\n")

    const scanned = collectLocalSources(join(root, 'pipelines/p.ts'))
    const sources = relativeSources(scanned.sources, root)

    expect(Object.keys(sources)).toEqual([
      'config.json',
      'pipelines/p.ts',
      'tasks/h.ts',
      'tasks/later.ts',
      'tasks/t.ts',
    ])
    expect(sources['config.json']).toBe(new Bun.CryptoHasher('sha1').update('{"a": 1}').digest('hex'))
    expect([...scanned.loadedWithEntry].map((path) => path.slice(root.length + 1)).sort()).toEqual([
      'config.json',
      'pipelines/p.ts',
      'tasks/h.ts',
      'tasks/t.ts',
    ])
  })

  test('given helpers imported only for their types (import type, export type … from, inline type imports, import() types), when collected, then they are listed but not counted as loaded with the entry', () => {
    write(
      'task.ts',
      [
        "import type { A } from './types/a.ts'",
        "export type { B } from './types/b.ts'",
        "import { type C } from './types/c.ts'",
        "type D = import('./types/d.ts').D",
        'export const use = (a: A, c: C, d: D) => [a, c, d]',
        '',
      ].join('\n'),
    )
    for (const name of ['a', 'b', 'c', 'd'])
      write(`types/${name}.ts`, `export type ${name.toUpperCase()} = number\n`)

    const scanned = collectLocalSources(join(root, 'task.ts'))

    expect(Object.keys(relativeSources(scanned.sources, root))).toEqual([
      'task.ts',
      'types/a.ts',
      'types/b.ts',
      'types/c.ts',
      'types/d.ts',
    ])
    expect([...scanned.loadedWithEntry]).toEqual([join(root, 'task.ts')])
  })

  test('given a cycle of imports, when collected, then each file is listed once', () => {
    write('a.ts', "import './b.ts'\nexport const a = 1\n")
    write('b.ts', "import './a.ts'\nexport const b = 1\n")

    expect([...collectLocalSources(join(root, 'a.ts')).sources.keys()].sort()).toEqual([
      join(root, 'a.ts'),
      join(root, 'b.ts'),
    ])
  })
})

describe('changedSources', () => {
  test('given two records, when compared, then changed, added and removed paths are listed, sorted', () => {
    expect(changedSources({ a: '1', b: '2', c: '3' }, { a: '1', b: '9', d: '4' })).toEqual(['b', 'c', 'd'])
    expect(changedSources({ a: '1' }, { a: '1' })).toEqual([])
  })
})

describe('findExportingModule', () => {
  test('given a class exported by a module the entry imports statically, when looked for, then that module is found', async () => {
    write('entry.ts', "import { Wanted } from './lib/wanted.ts'\nexport const make = () => new Wanted()\n")
    write('lib/wanted.ts', 'export class Wanted {}\n')
    const { Wanted } = await import(join(root, 'lib/wanted.ts'))
    await import(join(root, 'entry.ts'))

    const found = await findExportingModule(Wanted, collectLocalSources(join(root, 'entry.ts')))

    expect(found).toBe(join(root, 'lib/wanted.ts'))
    expect(
      await findExportingModule(class Other {}, collectLocalSources(join(root, 'entry.ts'))),
    ).toBeUndefined()
  })
})
