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

/** The TypeScript modules (tests left out) of one project folder, in name order, with their text. */
const modulesIn = (root: string, folder: string): { file: string; text: string }[] => {
  const directory = join(root, folder)
  if (!existsSync(directory)) return []
  return readdirSync(directory)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
    .map((name) => ({ file: `${folder}/${name}`, text: readFileSync(join(directory, name), 'utf8') }))
}

/** The data classes of a project, by name, with the file (relative to the root) that exports each. */
export const listDataClasses = (root: string): Map<string, string> => {
  const classes = new Map<string, string>()
  for (const { file, text } of modulesIn(root, PROJECT_DIRS.dataModels)) {
    for (const match of text.matchAll(EXPORTED_DATA_CLASS)) classes.set(match[1] as string, file)
  }
  return classes
}

/** A task of the project, as its file declares it. */
export interface ProjectTask {
  className: string
  /** Relative to the root. */
  file: string
  /** The class in `extends Task<…>`. */
  output: string
  /** The classes of `run`'s parameters that are data classes, in order (none for a source task). */
  inputs: string[]
  source: boolean
}

const EXPORTED_TASK = /^export class ([A-Z][A-Za-z0-9]*) extends Task<([A-Z][A-Za-z0-9]*)>/m
const RUN_SIGNATURE = /^\s+(?:override\s+)?(?:async\s+)?run\(([^)]*)\)/m

/**
 * The tasks of a project: each `tasks/*.ts` file exporting `class X extends Task<Output>`, with the
 * data classes its `run(…)` takes. Files that do not follow that shape are left out.
 */
export const listTasks = (
  root: string,
  dataClasses: ReadonlyMap<string, string>,
): Map<string, ProjectTask> => {
  const tasks = new Map<string, ProjectTask>()
  for (const { file, text } of modulesIn(root, PROJECT_DIRS.tasks)) {
    const declared = EXPORTED_TASK.exec(text)
    if (declared === null) continue
    const source = /\bsourceIterator\(/.test(text)
    const parameters = RUN_SIGNATURE.exec(text)?.[1] ?? ''
    const inputs = source
      ? []
      : parameters
          .split(',')
          .map((parameter) => parameter.split(':')[1]?.trim() ?? '')
          .filter((type) => dataClasses.has(type))
    tasks.set(declared[1] as string, {
      className: declared[1] as string,
      file,
      output: declared[2] as string,
      inputs,
      source,
    })
  }
  return tasks
}

const EXPORTED_BLOCK = /^export class ([A-Z][A-Za-z0-9]*) extends BaseModelBlock\b/gm

/** The model blocks of a project (`models/blocks/*.ts` exporting `class X extends BaseModelBlock`), by name, with their file. */
export const listModelBlocks = (root: string): Map<string, string> => {
  const blocks = new Map<string, string>()
  for (const { file, text } of modulesIn(root, PROJECT_DIRS.blocks)) {
    for (const match of text.matchAll(EXPORTED_BLOCK)) blocks.set(match[1] as string, file)
  }
  return blocks
}
