import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type JobParameters, Task, type TaskOptions } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'

/** The corpus files, `ca01` … `cr09`: category letter and number. */
const FILE_RE = /^c[a-r]\d\d$/

/** A source task: one job per corpus file, one `Sentence` per sentence, in file order. */
export class ReadBrown extends Task<Sentence> {
  constructor(
    options: TaskOptions<Sentence>,
    readonly corpusDir: string,
    /** Read only the first `fileLimit` files (a quick run); 0 reads all 500. */
    readonly fileLimit = 0,
  ) {
    super(options)
  }

  override getJobs() {
    const files = readdirSync(this.corpusDir)
      .filter((file) => FILE_RE.test(file))
      .sort()
    const chosen = this.fileLimit > 0 ? files.slice(0, this.fileLimit) : files
    return chosen.map((file) => ({ parameters: { file } }))
  }

  override *sourceIterator(parameters: JobParameters): Iterable<unknown[]> {
    const file = parameters.file as string
    const text = readFileSync(join(this.corpusDir, file), 'utf8')
    let index = 0
    for (const line of text.split('\n')) {
      const tokens = line
        .trim()
        .split(/\s+/)
        .filter((token) => token !== '')
      if (tokens.length === 0) continue
      yield [index++, tokens]
    }
  }

  run(index: number, tokens: string[]): void {
    // The job's parameters say which file it reads: one job per file.
    const file = this.jobParameters.file as string
    const words: string[] = []
    const tags: string[] = []
    for (const token of tokens) {
      // A word may hold a slash itself ("1/2/cd"): the tag follows the last one.
      const slash = token.lastIndexOf('/')
      words.push(token.slice(0, slash))
      tags.push(token.slice(slash + 1))
    }
    this.output.append(
      new Sentence({ sentenceId: `${file}-${String(index).padStart(4, '0')}`, fileId: file, words, tags }),
    )
  }
}
