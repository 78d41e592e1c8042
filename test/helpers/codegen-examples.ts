/**
 * The example classes of the generator tests, which the README uses too: `Label`, `Sentence` (with every
 * member type the grammar has) and `TokenCount`. Generated into one project tree, so that the golden files
 * of every generator type-check together.
 */
import { generateDataModel } from '../../src/codegen/data-model.ts'
import { parseMembers } from '../../src/codegen/field-types.ts'
import { listDataClasses } from '../../src/codegen/project.ts'
import { type GeneratedFile, writeGeneratedFiles } from '../../src/codegen/write-files.ts'

export const SENTENCE_MEMBERS = [
  'sentenceId:int:id',
  'text:str',
  'tokens:List[str]',
  'label:Label',
  'labels:List[Label]',
  'createdAt:datetime',
  'clock:time',
  'flag:bool',
  'meta:json',
  'note:str?',
]

/** What `hypergol create data-model name ...members` writes into the project at `root`. */
export const createDataModel = (root: string, name: string, ...members: string[]): GeneratedFile[] => {
  const classes = listDataClasses(root)
  const files = generateDataModel(name, parseMembers(members, [...classes.keys()]), classes)
  writeGeneratedFiles(root, files)
  return files
}

/** Creates the example classes in the project at `root`; returns their files. */
export const createExampleClasses = (root: string): GeneratedFile[] => [
  ...createDataModel(root, 'Label', 'name:str', 'score:float'),
  ...createDataModel(root, 'Sentence', ...SENTENCE_MEMBERS),
  ...createDataModel(root, 'TokenCount', 'sentenceId:int:id', 'count:int'),
]
