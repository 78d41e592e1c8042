/**
 * @module new
 * `hypergol new ProjectName`: an empty project that needs nothing but the binary.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { initGitRepository } from '../codegen/git-init.ts'
import { generateProject } from '../codegen/new-project.ts'
import { writeGeneratedFiles } from '../codegen/write-files.ts'
import { HypergolError } from '../errors.ts'
import { getLogger } from '../logger.ts'
import { generatorArgs } from './args.ts'
import { emitFiles } from './emit-files.ts'

export default defineCommand({
  meta: {
    name: 'new',
    description: 'Create a project: folders, README, package.json, tsconfig, a first git commit',
  },
  args: {
    name: {
      type: 'positional',
      description: 'The project name (CamelCase or snake_case); the folder is its snake case',
      valueHint: 'ProjectName',
      required: true,
    },
    ...generatorArgs,
    force: {
      type: 'boolean',
      description: 'Write into a folder that exists, overwriting the files hypergol makes',
      default: false,
    },
    git: {
      type: 'boolean',
      description: 'Make a git repository with a first commit (--no-git: do not)',
      default: true,
    },
  },
  async run({ args }) {
    const project = generateProject(args.name)
    const target = resolve(project.directory)
    const exists = existsSync(target) && readdirSync(target).length > 0
    if (exists && !args.force) {
      throw new HypergolError('E_FILE_EXISTS', `${target} already exists and is not empty`, {
        hint: 'Choose another name, or rerun with --force to write the project files into it.',
      })
    }
    if (args.dryRun || exists) {
      await emitFiles(target, project.files, { force: args.force, dryRun: args.dryRun })
      if (args.dryRun) return
    } else {
      // Built next to its place and renamed in one step: a failure leaves no half project.
      const staging = join(resolve('.'), `.${project.directory}.creating-${process.pid}`)
      try {
        writeGeneratedFiles(staging, project.files)
        if (existsSync(target)) rmSync(target, { recursive: true })
        renameSync(staging, target)
      } finally {
        rmSync(staging, { recursive: true, force: true })
      }
    }
    getLogger().success(`created ${target}`)
    if (args.git) initGitRepository(target)
  },
})
