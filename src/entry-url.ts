/**
 * @module entry-url
 * URLs of the build's other entrypoints (Worker files, the tfjs module), resolving the same from source,
 * under `bun test` and inside the compiled binary (STACK.md §7). Inside the binary every entrypoint lives at
 * `/$bunfs/root/<path relative to src/>.js`, and a bundled module's `import.meta.url` names the binary (in
 * the main bundle) or the Worker's file (in a Worker's bundle), so paths resolve against the binary's root;
 * from source they resolve against this file, which must stay in `src/`.
 */

/** Where the compiled binary keeps its entrypoints (on Linux and macOS). */
const BINARY_ROOT = 'file:///$bunfs/root/'

/** Whether this code runs inside the compiled binary (rather than from source). */
export const IN_BINARY = import.meta.url.startsWith(BINARY_ROOT)

/**
 * Whether this code runs from the plain bundle of `build/user-lib` (a project's `node_modules/hypergol`),
 * whose entrypoints are `.js` files next to the bundle, not `.ts` sources.
 */
const BUNDLED = !IN_BINARY && !import.meta.url.endsWith('.ts')

const root = IN_BINARY ? BINARY_ROOT : new URL('./', import.meta.url).href

/** The URL of an entrypoint given relative to `src/`, e.g. `./pipeline/worker.ts`. */
export const entryUrl = (fromSrc: string): string =>
  new URL(BUNDLED ? fromSrc.replace(/\.ts$/, '.js') : fromSrc, root).href
