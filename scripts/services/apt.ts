/**
 * @module apt
 * Debian packages the test servers need, installed when missing (`apt-get update`, then `apt-get install -y`),
 * so that `bun run test` and `.ci/run` work on a fresh machine. A package that cannot be installed is an
 * error naming it and what needed it: the tests that need the server then fail saying so, never skip.
 */

const installed = (command: string): boolean => Bun.which(command) !== null

/** Whether `apt-get update` already ran in this process (it takes seconds; once is enough). */
let updated = false

const run = (argv: string[]): { ok: boolean; output: string } => {
  const child = Bun.spawnSync(argv, {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return { ok: child.exitCode === 0, output: `${child.stdout.toString()}${child.stderr.toString()}` }
}

/**
 * Makes sure every command of `commands` is on PATH, installing `packages` when one is not.
 *
 * @param what what needs them, for the error (e.g. `the S3 tests (OpenStack Swift)`).
 * @throws Error naming the packages, what needed them and apt's last lines when they cannot be installed.
 */
export const ensureCommands = (commands: string[], packages: string[], what: string): void => {
  if (commands.every(installed)) return
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n']
  if (!updated) {
    run([...sudo, 'apt-get', 'update'])
    updated = true
  }
  const install = run([...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages])
  const missing = commands.filter((command) => !installed(command))
  if (!install.ok || missing.length > 0) {
    const tail = install.output.trim().split('\n').slice(-3).join(' | ')
    throw new Error(
      `${what} need the Debian packages ${packages.join(' ')}, which could not be installed (${missing.join(', ')} missing): ${tail}`,
    )
  }
}
