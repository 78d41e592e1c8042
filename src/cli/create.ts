/**
 * @module create
 * `hypergol create …`: generate the parts of a project.
 */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'create', description: 'Generate data models, tasks, pipelines and models in a project' },
  subCommands: {
    'data-model': () => import('./create-data-model.ts').then((m) => m.default),
    task: () => import('./create-task.ts').then((m) => m.default),
    pipeline: () => import('./create-pipeline.ts').then((m) => m.default),
    'model-block': () => import('./create-model-block.ts').then((m) => m.default),
    model: () => import('./create-model.ts').then((m) => m.default),
  },
})
