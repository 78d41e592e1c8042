/**
 * @module new-project
 * `hypergol new ProjectName`: the files of an empty project, in a folder named after the project in snake
 * case (as the original names it, and as its datasets' `project` is spelled).
 */

import pkg from '../../package.json' with { type: 'json' }
import bunfigTemplate from '../../templates/project/bunfig.toml.tmpl' with { type: 'text' }
import gitignoreTemplate from '../../templates/project/gitignore.tmpl' with { type: 'text' }
import packageTemplate from '../../templates/project/package.json.tmpl' with { type: 'text' }
import readmeTemplate from '../../templates/project/README.md.tmpl' with { type: 'text' }
import tsconfigTemplate from '../../templates/project/tsconfig.json.tmpl' with { type: 'text' }
import { nameForms } from './name-string.ts'
import { PROJECT_DIRS } from './project.ts'
import { renderTemplate } from './render-template.ts'
import type { GeneratedFile } from './write-files.ts'

/** A project to create. */
export interface NewProject {
  /** The folder to create, relative to the working directory. */
  directory: string
  files: GeneratedFile[]
}

/** Folders that start empty; git keeps them through an empty `.gitkeep`. */
const EMPTY_DIRS = [
  PROJECT_DIRS.dataModels,
  PROJECT_DIRS.tasks,
  PROJECT_DIRS.pipelines,
  PROJECT_DIRS.blocks,
  PROJECT_DIRS.tests,
]

/**
 * The files of project `name` (CamelCase or snake_case).
 *
 * @throws HypergolError E_INVALID_ARGUMENT for a malformed name.
 */
export const generateProject = (name: string): NewProject => {
  const forms = nameForms(name, undefined, 'project name')
  const values = { className: forms.asClass, snakeName: forms.asSnake, kebabName: forms.asKebab }
  return {
    directory: forms.asSnake,
    files: [
      {
        path: 'package.json',
        content: renderTemplate('package.json', packageTemplate, {
          kebabName: forms.asKebab,
          snakeName: forms.asSnake,
          hypergolVersion: pkg.version,
        }),
      },
      { path: 'tsconfig.json', content: renderTemplate('tsconfig.json', tsconfigTemplate, {}) },
      { path: 'bunfig.toml', content: renderTemplate('bunfig.toml', bunfigTemplate, {}) },
      { path: '.gitignore', content: renderTemplate('gitignore', gitignoreTemplate, {}) },
      {
        path: 'README.md',
        content: renderTemplate('README.md', readmeTemplate, {
          className: values.className,
          snakeName: values.snakeName,
        }),
      },
      ...EMPTY_DIRS.map((directory) => ({ path: `${directory}/.gitkeep`, content: '' })),
    ],
  }
}
