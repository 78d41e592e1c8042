/**
 * @module project
 * A hypergol project on disk: its root is the nearest folder up from the working directory whose
 * `package.json` has a `hypergol` key (written by `hypergol new`), and its data classes are the classes
 * exported by `data-models/*.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { HypergolError } from '../errors.ts'

/** The folders of a project, relative to its root. */
export const PROJECT_DIRS = {
  dataModels: 'data-models',
  tasks: 'tasks',
  pipelines: 'pipelines',
  models: 'models',
  blocks: 'models/blocks',
  tests: 'tests',
} as const

/** A project found on disk. */
export interface Project {
  root: string
  /** The project name in snake case: the `project` of its datasets. */
  name: string
}

const readProjectName = (packageJson: string): string | undefined => {
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as { hypergol?: { project?: unknown } }
    return typeof parsed.hypergol?.project === 'string' ? parsed.hypergol.project : undefined
  } catch {
    return undefined
  }
}

/**
 * The project containing `from`.
 *
 * @throws HypergolError E_NOT_A_PROJECT when no folder up from `from` holds a hypergol `package.json`.
 */
export const findProject = (from: string = process.cwd()): Project => {
  for (let directory = resolve(from); ; directory = dirname(directory)) {
    const name = readProjectName(join(directory, 'package.json'))
    if (name !== undefined) return { root: directory, name }
    if (dirname(directory) === directory) break
  }
  throw new HypergolError('E_NOT_A_PROJECT', `${resolve(from)} is not inside a hypergol project`, {
    hint: 'Run this inside a project made by `hypergol new ProjectName` (its package.json has a "hypergol" key).',
  })
}

const EXPORTED_DATA_CLASS = /^export class ([A-Z][A-Za-z0-9]*) extends BaseData\.define\(/gm

/** The data classes of a project, by name, with the file (relative to the root) that exports each. */
export const listDataClasses = (root: string): Map<string, string> => {
  const classes = new Map<string, string>()
  const directory = join(root, PROJECT_DIRS.dataModels)
  if (!existsSync(directory)) return classes
  for (const file of readdirSync(directory).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue
    const text = readFileSync(join(directory, file), 'utf8')
    for (const match of text.matchAll(EXPORTED_DATA_CLASS)) {
      classes.set(match[1] as string, `${PROJECT_DIRS.dataModels}/${file}`)
    }
  }
  return classes
}
