/**
 * @module dataset
 * `hypergol dataset …`: inspect and check datasets on disk, without data classes.
 */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'dataset', description: 'List, show, print and verify datasets' },
  subCommands: {
    list: () => import('./dataset-list.ts').then((m) => m.default),
    show: () => import('./dataset-show.ts').then((m) => m.default),
    cat: () => import('./dataset-cat.ts').then((m) => m.default),
    verify: () => import('./dataset-verify.ts').then((m) => m.default),
  },
})
