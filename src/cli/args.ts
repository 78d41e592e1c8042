/**
 * @module args
 * Flags shared by several commands, defined once so each has one meaning everywhere (STYLE.md §10).
 */
import type { ArgDef } from 'citty'

export const jsonArg = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout', default: false },
} as const satisfies Record<string, ArgDef>

export const datasetDirArg = {
  dir: {
    type: 'positional',
    description: 'The dataset directory (the folder holding NAME.def)',
    valueHint: 'DATASET_DIR',
    required: true,
  },
} as const satisfies Record<string, ArgDef>

export const allowIncompleteArg = {
  allowIncomplete: {
    type: 'boolean',
    description: 'Also read a dataset that has no .chk (its writer crashed or never closed it)',
    default: false,
  },
} as const satisfies Record<string, ArgDef>

/** The safety flags of every generator (`hypergol new`, `hypergol create …`). */
export const generatorArgs = {
  force: { type: 'boolean', description: 'Overwrite files that exist', default: false },
  dryRun: { type: 'boolean', description: 'Print the files instead of writing them', default: false },
} as const satisfies Record<string, ArgDef>

/** The data directory handed to user code (`hypergol run`, `hypergol train`). */
export const dataDirArg = {
  dataDir: {
    type: 'string',
    description: 'The data directory given to the script (default: ./data)',
    valueHint: 'DIR',
  },
} as const satisfies Record<string, ArgDef>

/** Permission to record lineage from a dirty repository (`hypergol run`, `hypergol train`). */
export const allowDirtyArg = {
  allowDirty: {
    type: 'boolean',
    description:
      'Run with uncommitted changes, untracked files included; what is written records them (paths and content SHA-1)',
    default: false,
  },
} as const satisfies Record<string, ArgDef>

/** Checking what is read against the `.chk` files, on unless `--no-verify` (`run`, `dataset cat`). */
export const verifyArg = {
  verify: {
    type: 'boolean',
    description: 'Check every chunk read against its .chk (the default)',
    negativeDescription:
      'Read without checking chunks against their .chk: only to look at a dataset known to be damaged',
    default: true,
  },
} as const satisfies Record<string, ArgDef>

/** Refusing a checkpoint trained with other code than the project's now (`serve`, `train --restore`). */
export const strictArg = {
  strict: {
    type: 'boolean',
    description:
      'Refuse a checkpoint trained with other code than the project has now (default: warn, naming the files)',
    default: false,
  },
} as const satisfies Record<string, ArgDef>
