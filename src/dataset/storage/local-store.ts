/**
 * @module local-store
 * An {@link ObjectStore} on a local folder. A write goes to a temporary file beside its target, is flushed,
 * then renamed over it, so that a reader (or a crash) sees the old file or the whole new one.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { asHypergolError } from '../../os-error.ts'
import { byKey, joinKey, type ListedObject, type ObjectStore } from './object-store.ts'

const isMissing = (error: unknown): boolean => (error as { code?: unknown }).code === 'ENOENT'

export class LocalStore implements ObjectStore {
  constructor(readonly location: string) {}

  describe(key: string): string {
    return join(this.location, ...key.split('/'))
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const path = this.describe(key)
    try {
      return new Uint8Array(await readFile(path))
    } catch (error) {
      if (isMissing(error)) return undefined
      throw asHypergolError(error, path, 'read')
    }
  }

  stream(key: string): ReadableStream<Uint8Array<ArrayBuffer>> {
    return Bun.file(this.describe(key)).stream()
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.describe(key))).isFile()
    } catch {
      return false
    }
  }

  async write(key: string, bytes: Uint8Array | string): Promise<void> {
    const path = this.describe(key)
    // Unique to this write: two Workers, or two machines sharing a volume, never share a temporary file.
    const temporary = `${path}.writing-${process.pid}-${crypto.randomUUID().slice(0, 8)}`
    try {
      mkdirSync(dirname(path), { recursive: true })
      const fd = openSync(temporary, 'wx')
      try {
        writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      renameSync(temporary, path)
    } catch (error) {
      rmSync(temporary, { force: true })
      throw asHypergolError(error, path, 'write')
    }
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const root = this.describe(prefix)
    let paths: string[]
    try {
      paths = readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
    } catch (error) {
      if (isMissing(error)) return []
      throw asHypergolError(error, root, 'list')
    }
    return paths
      .map((path) => ({
        key: joinKey(prefix, ...relative(root, path).split(sep)),
        size: statSync(path).size,
      }))
      .sort(byKey)
  }

  async remove(key: string): Promise<void> {
    const path = this.describe(key)
    try {
      rmSync(path, { force: true })
    } catch (error) {
      throw asHypergolError(error, path, 'remove')
    }
  }
}
