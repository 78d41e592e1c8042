/**
 * @module object-router
 * Appending objects to a chunked sink: checks the class, routes each object to its chunk by hash id
 * (FORMAT.md §3) and renders its canonical line straight into that chunk's buffer. Shared by the dataset
 * writer and a pipeline job's output.
 */
import { BaseData, type DataClassOf } from '../data/base-data.ts'
import { idTextReaderOf, type ReadIdText } from '../data/codegen-hash-id.ts'
import { chunkIndexOf, chunkIndexOfText } from '../data/hash-id.ts'
import { toDataError } from '../data/read-data.ts'
import { LineRenderer } from '../data/render-data.ts'
import { HypergolError } from '../errors.ts'
import type { ChunkSink } from './chunk-sink.ts'

const DEFAULT_GET_HASH_ID = BaseData.prototype.getHashId
const DEFAULT_GET_ID = BaseData.prototype.getId

/** Routes and renders objects of one class into a {@link ChunkSink}. */
export class ObjectRouter<T extends BaseData> {
  private readonly lines: LineRenderer
  private readonly idText: ReadIdText | undefined
  private objectCount = 0

  /** @param name the dataset's name, for messages. */
  constructor(
    private readonly dataClass: DataClassOf<T>,
    private readonly name: string,
    private readonly chunkCount: number,
    private readonly sink: ChunkSink,
  ) {
    this.lines = new LineRenderer(dataClass.fields)
    this.idText = idTextReaderOf(dataClass.fields)
  }

  /** Objects appended so far. */
  get count(): number {
    return this.objectCount
  }

  /**
   * Appends one object: checks its class and every member, then routes it to its chunk by hash id.
   *
   * @throws HypergolError E_DATA_INVALID (wrong class or member), E_HASH_ID.
   */
  append(object: T): void {
    if (!(object instanceof this.dataClass)) {
      const got = (object as object | null)?.constructor?.name ?? String(object)
      throw new HypergolError(
        'E_DATA_INVALID',
        `dataset ${this.name} holds ${this.dataClass.name} objects, cannot append a ${got}`,
      )
    }
    // When the hash id comes straight from the members (which cannot throw), the chunk is known first and
    // the line is written in place; otherwise, or when the fast renderer declines, render first, so a bad
    // member is reported before a bad hash id, as it always was.
    const idText = this.readIdText(object)
    if (idText !== undefined) {
      const chunkIndex = chunkIndexOfText(idText, this.chunkCount)
      const end = this.lines.renderInto(
        object,
        this.sink.bufferOf(chunkIndex),
        this.sink.pendingLength(chunkIndex),
      )
      if (end !== -1) {
        this.sink.commit(chunkIndex, end)
        this.objectCount++
        return
      }
    }
    let length: number
    try {
      length = this.lines.render(object)
    } catch (error) {
      throw toDataError(
        error,
        `${this.dataClass.name} appended to ${this.name} as object ${this.objectCount}`,
      )
    }
    const chunkIndex =
      idText === undefined
        ? chunkIndexOf(object.getHashId(), this.chunkCount)
        : chunkIndexOfText(idText, this.chunkCount)
    this.sink.add(chunkIndex, this.lines.bytes, length)
    this.objectCount++
  }

  /** Counts objects added to the sink directly (merged pieces), so {@link count} stays right. */
  addCount(count: number): void {
    this.objectCount += count
  }

  /**
   * The hash id text without building the `getHashId()` tuple, for objects of exactly this class that keep
   * the default `getHashId()` and `getId()`; `undefined` means: ask the object.
   */
  private readIdText(object: T): string | undefined {
    if (
      this.idText === undefined ||
      object.constructor !== this.dataClass ||
      object.getHashId !== DEFAULT_GET_HASH_ID ||
      object.getId !== DEFAULT_GET_ID
    ) {
      return undefined
    }
    return this.idText(object)
  }
}
