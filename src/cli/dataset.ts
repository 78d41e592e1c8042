/**
 * @module dataset
 * `hypergol dataset …`: inspect and check datasets on disk, without data classes.
 */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'dataset', description: 'List, show, print, verify and copy datasets' },
  subCommands: {
    list: () => import('./dataset-list.ts').then((m) => m.default),
    show: () => import('./dataset-show.ts').then((m) => m.default),
    cat: () => import('./dataset-cat.ts').then((m) => m.default),
    verify: () => import('./dataset-verify.ts').then((m) => m.default),
    copy: () => import('./dataset-copy.ts').then((m) => m.default),
  },
})
