/**
 * `hypergol new`: the files of an empty project (golden files), named from the project name.
 */
import { describe, expect, test } from 'bun:test'
import { generateProject } from '../../../src/codegen/new-project.ts'
import { expectGolden } from '../../helpers/golden.ts'

describe('generateProject', () => {
  test('given MyFirstProject, then the folder is my_first_project and the files equal the golden files', () => {
    const project = generateProject('MyFirstProject')

    expect(project.directory).toBe('my_first_project')
    for (const file of project.files) expectGolden(`new/my_first_project/${file.path}`, file.content)
  })

  test('given the same project in snake case, then the files are the same', () => {
    expect(generateProject('my_first_project')).toEqual(generateProject('MyFirstProject'))
  })
})
