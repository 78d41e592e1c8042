/**
 * @module data-path-error
 * An internal error that collects the path to a bad value while it unwinds through nested members, so the
 * fast paths carry no path bookkeeping and the message still names `labels[2].score`.
 */

/** A bad value at `path` (member names and list indexes, outermost first). Internal: callers wrap it. */
export class DataPathError extends Error {
  override readonly name = 'DataPathError'
  readonly path: (string | number)[] = []

  /**
   * @param code the user-facing code it becomes: precision loss is its own code, so callers never have to
   *   guess it from the message.
   */
  constructor(
    readonly reason: string,
    readonly code: 'E_DATA_INVALID' | 'E_INT_PRECISION' = 'E_DATA_INVALID',
  ) {
    super(reason)
  }

  /** Prepends a path step; used by each nesting level as the error passes through. */
  within(step: string | number): this {
    this.path.unshift(step)
    return this
  }

  /** The path as `a.b[2].c`, or `(root)` for the top level. */
  get pathText(): string {
    let text = ''
    for (const step of this.path) text += typeof step === 'number' ? `[${step}]` : text ? `.${step}` : step
    return text || '(root)'
  }
}

/** Rethrows `error` with `step` prepended when it is a {@link DataPathError}; other errors pass unchanged. */
export const rethrowWithin = (error: unknown, step: string | number): never => {
  if (error instanceof DataPathError) throw error.within(step)
  throw error
}

/** Describes a value's type for messages: `null`, `array`, `string "abc"`, `number 1.5`, class names. */
export const describeValue = (value: unknown): string => {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing (undefined)'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value} ${String(value)}`
    case 'object':
      return value.constructor && value.constructor !== Object ? `a ${value.constructor.name}` : 'an object'
    default:
      return typeof value
  }
}
