/**
 * @module codegen
 * A tiny builder for the functions generated per field map (the fast paths of the constructor, the
 * canonical writer and the reader). Generated code reads members as static property accesses, which keeps
 * the engine's inline caches monomorphic; the closure-based code stays the reference and the slow path.
 *
 * Member names reach generated code as identifiers only when {@link canCompile} accepts them (`define`
 * already checked them against NAME_RE in `field-map-check.ts`); every other value goes in as a string
 * literal (`JSON.stringify`) or as an injected parameter, so data can never alter the generated source.
 */

/**
 * Thrown by generated fast paths when a value is not what they accept. It carries no detail on purpose:
 * the caller runs the closure-based slow path on the same input, which names the path and the reason.
 */
class FastPathBail extends Error {
  override readonly name = 'FastPathBail'
}

/** The one instance generated code throws; preallocated so bailing costs no stack capture. */
export const BAIL = new FastPathBail('value not accepted by the generated fast path')

/** Throws {@link BAIL}; generated code calls it as `bail()`. */
export const bail = (): never => {
  throw BAIL
}

/** Accumulates a generated function: injected values and body statements. */
export class CodeBuilder {
  private readonly paramNames: string[] = []
  private readonly paramValues: unknown[] = []
  private readonly body: string[] = []
  private counter = 0

  constructor() {
    // Every generated function may reject a value with `bail()`.
    this.paramNames.push('bail')
    this.paramValues.push(bail)
  }

  /** A fresh local name such as `v3`. */
  local(prefix: string): string {
    return `${prefix}${this.counter++}`
  }

  /** Passes `value` into the generated code and returns the name it has there (one name per value). */
  inject(value: unknown, prefix = 'k'): string {
    const index = this.paramValues.indexOf(value)
    if (index !== -1) return this.paramNames[index] as string
    const name = this.local(prefix)
    this.paramNames.push(name)
    this.paramValues.push(value)
    return name
  }

  /** Appends one statement to the function body. */
  line(code: string): void {
    this.body.push(code)
  }

  /**
   * Compiles `function <name>(<params>) { <body> }` with the injected values in scope.
   *
   * @param name the function's name, shown in stack traces; must be an identifier.
   */
  compile<F>(name: string, params: readonly string[]): F {
    const source = [
      "'use strict'",
      `return function ${name}(${params.join(', ')}) {`,
      ...this.body,
      '}',
    ].join('\n')
    // Member names were validated as identifiers and everything else is a literal or a parameter, so the
    // source cannot be altered by data; `new Function` also works inside the compiled binary.
    const factory = new Function(...this.paramNames, source) as (...values: unknown[]) => F
    return factory(...this.paramValues)
  }
}

const IDENTIFIER_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Whether `fields` can be compiled: every member name is an identifier other than `__proto__` (which an
 * object literal would treat as the prototype). Field maps made by `BaseData.define` always pass; a
 * hand-made nested class might not, and then its slow path is used.
 */
export const canCompile = (fields: object): boolean =>
  Object.keys(fields).every((name) => IDENTIFIER_RE.test(name) && name !== '__proto__')

/** A JS string literal holding `text`. */
export const literal = (text: string): string => JSON.stringify(text)

/** The largest integer a double holds exactly; beyond it JSON.parse may have rounded an integer token. */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER
