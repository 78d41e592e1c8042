/**
 * @module worker-url
 * Worker file URLs that resolve the same from source, under `bun test` and inside the compiled binary.
 * This file must stay in `src/`, the common root of the build's entrypoints: in the binary every bundled
 * module's `import.meta.url` is the binary itself, but a module in the entrypoints' root resolves its
 * neighbours correctly (STACK.md §7).
 */

/** The URL of a Worker entry file given relative to `src/`, e.g. `./pipeline/worker.ts`. */
export const workerUrl = (fromSrc: string): string => new URL(fromSrc, import.meta.url).href
