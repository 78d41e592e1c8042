/**
 * @module project-tool
 * `hypergol test` and `hypergol check` run Bun's test runner and type checker on the project with the Bun
 * inside this binary (`BUN_BE_BUN=1`, STACK.md §9), after making sure the project's `node_modules/` holds
 * this binary's hypergol library and types.
 */
import { findProject } from '../codegen/project.ts'
import { installUserLib, isUserLibCurrent } from '../codegen/user-lib.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'

/**
 * Runs `bun <tool> …args` in the project containing the working directory, with the terminal attached.
 *
 * @throws HypergolError E_TOOL_FAILED with the tool's exit status when it fails.
 */
export const runProjectTool = async (tool: 'test' | 'check', args: readonly string[]): Promise<void> => {
  const project = findProject()
  if (!isUserLibCurrent(project.root)) {
    installUserLib(project.root)
    getLogger().info(`wrote hypergol's library and types into ${project.root}/node_modules`)
  }
  const child = Bun.spawn([process.execPath, tool, ...args], {
    cwd: project.root,
    env: { ...process.env, BUN_BE_BUN: '1' },
    stdio: ['inherit', 'inherit', 'inherit'],
  })
  const status = await child.exited
  if (status !== 0) {
    throw new HypergolError(
      'E_TOOL_FAILED',
      `${tool === 'test' ? 'the tests' : 'the type check'} failed (exit ${status})`,
      {
        hint: tool === 'test' ? 'See the failing tests above.' : 'See the type errors above.',
      },
    )
  }
}
