import { type JobParameters, type SourceJob, Task } from 'hypergol'
import { Sentence } from '../data-models/sentence.ts'

/** ReadSentences: say here where its Sentence objects come from (files, an API, …). */
export class ReadSentences extends Task<Sentence> {
  /** The jobs, which run in parallel: job i gets the parameters of entry i. */
  override getJobs(): SourceJob[] {
    return [{ parameters: {} }]
  }

  /** What one job reads: each yielded array is one run() call's arguments (yield [item] for run(item)). */
  override *sourceIterator(parameters: JobParameters): Generator<unknown[]> {
    throw new Error(`not implemented: ReadSentences.sourceIterator(${JSON.stringify(parameters)})`)
  }

  /** Called once per yielded item; append any number of Sentence objects with this.output.append(…). */
  run(item: unknown): void {
    // this.output.append(new Sentence({ … }))
    throw new Error(`not implemented: ReadSentences.run(${String(item)})`)
  }
}
