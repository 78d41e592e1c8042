/**
 * @module test
 * `hypergol test [bun test options]`: the project's tests, run by the Bun inside this binary.
 */
import { defineCommand } from 'citty'
import { runProjectTool } from './project-tool.ts'

export default defineCommand({
  meta: { name: 'test', description: "Run the project's tests (bun test, with the Bun inside this binary)" },
  async run({ rawArgs }) {
    await runProjectTool('test', rawArgs)
  },
})
