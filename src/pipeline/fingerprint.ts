/**
 * @module fingerprint
 * What a task is, as SHA-1s. Its identity: the source of its class and of every user class between it and
 * `Task`, its own parameters (the task object's own properties after construction), its `force` option,
 * and the names of the datasets it reads and writes; a Worker checks that it built the task with the same
 * identity. Its fingerprint: the identity and the content of every project file the task's module imports,
 * transitively (helpers, data classes), so a changed helper makes its output stale. Both are recorded in the
 * output's `.def` (key `hypergolTask`, which Python ignores) with the files' SHA-1s, so that a re-run knows
 * whether an existing output was made by the same task, and can say which file changed.
 */
import { BaseData } from '../data/base-data.ts'
import { Dataset } from '../dataset/dataset.ts'
import { type AnyDataset, Task } from './task.ts'

const MAX_DEPTH = 32

const describeDataset = (dataset: AnyDataset): string =>
  `Dataset(${dataset.dataClass.name} ${dataset.name} ${dataset.chunkCount})`

/** A deterministic text for a parameter value: type-tagged, keys sorted, cycles cut. */
export const describeValue = (value: unknown, seen: Set<object> = new Set(), depth = 0): string => {
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'boolean':
    case 'number':
      return String(Object.is(value, -0) ? '-0' : value)
    case 'bigint':
      return `${value}n`
    case 'string':
      return JSON.stringify(value)
    case 'symbol':
      return value.toString()
    case 'function':
      return `function ${Function.prototype.toString.call(value)}`
  }
  if (value === null) return 'null'
  const object = value as object
  if (seen.has(object) || depth > MAX_DEPTH) return '<cycle>'
  seen.add(object)
  try {
    if (object instanceof Dataset) return describeDataset(object)
    if (object instanceof BaseData) return `${object.constructor.name}${object.toJson()}`
    if (object instanceof Date) return `Date(${object.getTime()})`
    if (Array.isArray(object))
      return `[${object.map((item) => describeValue(item, seen, depth + 1)).join(',')}]`
    if (object instanceof Map) return `Map${describeValue([...object.entries()], seen, depth + 1)}`
    if (object instanceof Set) return `Set${describeValue([...object.values()], seen, depth + 1)}`
    if (ArrayBuffer.isView(object))
      return `${object.constructor.name}(${Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64')})`
    const keys = Object.keys(object).sort()
    const members = keys.map(
      (key) =>
        `${JSON.stringify(key)}:${describeValue((object as Record<string, unknown>)[key], seen, depth + 1)}`,
    )
    return `${object.constructor?.name ?? 'Object'}{${members.join(',')}}`
  } finally {
    seen.delete(object)
  }
}

/** The source of the task's class and its user-defined ancestors, most derived first. */
const describeCode = (task: Task): string => {
  const sources: string[] = []
  for (
    let cls = task.constructor;
    cls !== Task && typeof cls === 'function';
    cls = Object.getPrototypeOf(cls)
  ) {
    sources.push(Function.prototype.toString.call(cls))
  }
  return sources.join('\n')
}

/** The task's identity (40 hex digits); equal for equal class code, parameters and dataset names. */
export const taskIdentityOf = (task: Task): string => {
  const parts = [
    describeCode(task),
    describeValue(Object.fromEntries(Object.entries(task))),
    `force=${task.force}`,
    `inputs=${task.inputDatasets.map(describeDataset).join(',')}`,
    `loaded=${task.loadedInputDatasets.map(describeDataset).join(',')}`,
    `whole=${task.loadedWholeDatasets.map(describeDataset).join(',')}`,
    `output=${describeDataset(task.outputDataset)}`,
  ]
  return new Bun.CryptoHasher('sha1').update(parts.join('\n')).digest('hex')
}

/** What a task is: its identity, the project files its module imports, and both together. */
export interface TaskFingerprint {
  identity: string
  /** Path (relative to the pipeline module's folder) → SHA-1, sorted by path. */
  sources: { [path: string]: string }
  /** SHA-1 over the identity and the sources: equal outputs come from equal fingerprints. */
  fingerprint: string
}

/** The fingerprint of `task` given the project files it imports. */
export const fingerprintOf = (task: Task, sources: { [path: string]: string }): TaskFingerprint => {
  const identity = taskIdentityOf(task)
  const hasher = new Bun.CryptoHasher('sha1').update(identity)
  for (const [path, sha1] of Object.entries(sources)) hasher.update(`\n${path}\0${sha1}`)
  return { identity, sources, fingerprint: hasher.digest('hex') }
}
