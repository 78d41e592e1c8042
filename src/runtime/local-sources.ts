/**
 * @module local-sources
 * The files of a user's project that a module imports, transitively, with the SHA-1 of each: what a task's
 * fingerprint and a checkpoint's record of its code cover, so that a changed helper or data class is seen
 * without the user having to say so. Project files are those an import resolves to outside `node_modules`;
 * `hypergol` and `@tensorflow/tfjs` are the binary's own.
 */
import { readFileSync } from 'node:fs'
import { dirname, extname, isAbsolute, relative } from 'node:path'
import { sha1Hex } from '../dataset/chk-file.ts'

/** A module's project files (absolute path → SHA-1 of its bytes), the module itself included. */
export type LocalSources = Map<string, string>

/** Modules the binary provides, whatever a project's `node_modules` holds. */
const BUILT_IN = new Set(['hypergol', '@tensorflow/tfjs'])

/** Loaders for the files whose imports are followed; other files (JSON, text) are hashed only. */
const LOADERS: { [extension: string]: 'ts' | 'tsx' | 'js' | 'jsx' } = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
}

const transpilers = new Map<string, Bun.Transpiler>()

/** One import of a file: what it names, and whether it is a static `import`/`export … from`. */
interface ImportEdge {
  specifier: string
  isStatic: boolean
}

/** `from '…'`, `import '…'` and `import('…')`: the specifiers a file names, whatever the import's kind. */
const SPECIFIER_RE = /(?:\bfrom|\bimport)\s*\(?\s*(['"])([^'"\n]+)\1/g

/**
 * The imports of a file. Bun's scanner sees what runs; it drops imports of types (`import type`,
 * `export type … from`, `import { type X }`, `import('…').X` in a type), which the compiled code never loads
 * but whose files are code the task depends on all the same. Those are found in the text, commented-out
 * imports included: an extra file only makes the fingerprint cover more.
 */
const importsOf = (path: string, bytes: Buffer): ImportEdge[] => {
  const loader = LOADERS[extname(path)]
  if (loader === undefined) return []
  let transpiler = transpilers.get(loader)
  if (transpiler === undefined) {
    transpiler = new Bun.Transpiler({ loader })
    transpilers.set(loader, transpiler)
  }
  const text = bytes.toString('utf8')
  const edges = new Map<string, boolean>()
  try {
    for (const entry of transpiler.scanImports(text))
      edges.set(entry.path, edges.get(entry.path) === true || entry.kind === 'import-statement')
  } catch {
    // A file that does not parse fails when it is imported, with Bun's own message.
  }
  // Found in the text only: not loaded with the file (a type-only import is erased).
  for (const match of text.matchAll(SPECIFIER_RE)) {
    const specifier = match[2] as string
    if (!edges.has(specifier)) edges.set(specifier, false)
  }
  return [...edges].map(([specifier, isStatic]) => ({ specifier, isStatic }))
}

/** Where `specifier` imported from `from` resolves, when it is a project file. */
const resolveLocal = (specifier: string, from: string): string | undefined => {
  if (BUILT_IN.has(specifier) || specifier.startsWith('node:') || specifier.startsWith('bun:'))
    return undefined
  let resolved: string
  try {
    resolved = Bun.resolveSync(specifier, dirname(from))
  } catch {
    return undefined
  }
  if (!isAbsolute(resolved) || resolved.startsWith('/$bunfs/') || resolved.includes('/node_modules/'))
    return undefined
  return resolved
}

/** A module's project files, and which of them a chain of static imports reaches (they ran with it). */
export interface ScannedSources {
  sources: LocalSources
  /** The files loaded whenever the entry is: reached from it by static imports only. */
  loadedWithEntry: Set<string>
}

/**
 * The project files `entry` (absolute) imports, transitively, statically or not, with the SHA-1 of each;
 * the entry itself included. Files that cannot be read are left out (importing them fails anyway).
 */
export const collectLocalSources = (entry: string): ScannedSources => {
  const sources: LocalSources = new Map()
  const edges = new Map<string, { path: string; isStatic: boolean }[]>()
  const pending = [entry]
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (sources.has(path)) continue
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch {
      continue
    }
    sources.set(path, sha1Hex(bytes))
    const resolved: { path: string; isStatic: boolean }[] = []
    for (const { specifier, isStatic } of importsOf(path, bytes)) {
      const target = resolveLocal(specifier, path)
      if (target === undefined) continue
      resolved.push({ path: target, isStatic })
      if (!sources.has(target)) pending.push(target)
    }
    edges.set(path, resolved)
  }
  const loadedWithEntry = new Set<string>()
  const reach = [entry]
  for (let path = reach.pop(); path !== undefined; path = reach.pop()) {
    if (loadedWithEntry.has(path) || !sources.has(path)) continue
    loadedWithEntry.add(path)
    for (const edge of edges.get(path) ?? []) if (edge.isStatic) reach.push(edge.path)
  }
  return { sources, loadedWithEntry }
}

/** The sources keyed by their path relative to `base`, sorted: what a `.def` or a checkpoint records. */
export const relativeSources = (sources: LocalSources, base: string): { [path: string]: string } =>
  Object.fromEntries(
    [...sources]
      .map(([path, sha1]) => [relative(base, path), sha1] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  )

/** The paths whose content differs between two records (changed, added or gone), sorted. */
export const changedSources = (
  before: { [path: string]: string },
  now: { [path: string]: string },
): string[] => {
  const paths = new Set([...Object.keys(before), ...Object.keys(now)])
  return [...paths].filter((path) => before[path] !== now[path]).sort()
}

/**
 * The module whose exports hold `value` (a task class) among those loaded with the entry `scanned` was
 * collected from: the file that defines it, or one that re-exports it. Importing such a module again only
 * returns it from the module registry; nothing runs.
 */
export const findExportingModule = async (
  value: unknown,
  scanned: ScannedSources,
): Promise<string | undefined> => {
  for (const path of scanned.loadedWithEntry) {
    if (LOADERS[extname(path)] === undefined) continue
    const namespace = (await import(path)) as { [name: string]: unknown }
    if (Object.values(namespace).includes(value)) return path
  }
  return undefined
}
