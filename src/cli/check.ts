/**
 * @module check
 * `hypergol check`: type-check the project with the Bun inside this binary.
 */
import { defineCommand } from 'citty'
import { runProjectTool } from './project-tool.ts'

export default defineCommand({
  meta: { name: 'check', description: 'Type-check the project (bun check, with the Bun inside this binary)' },
  async run({ rawArgs }) {
    await runProjectTool('check', rawArgs)
  },
})
