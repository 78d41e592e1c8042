/**
 * @module types
 * `hypergol types`: (re)write hypergol's library and the Bun type packages into the project's
 * `node_modules/`, for editors, `hypergol test` and `hypergol check`.
 */
import { defineCommand } from 'citty'
import { findProject } from '../codegen/project.ts'
import { installUserLib } from '../codegen/user-lib.ts'
import { getLogger } from '../logger.ts'

export default defineCommand({
  meta: {
    name: 'types',
    description: "Write hypergol's library and editor types into the project's node_modules/",
  },
  run() {
    const project = findProject()
    installUserLib(project.root)
    getLogger().success(`wrote hypergol's library and types into ${project.root}/node_modules`)
  },
})
