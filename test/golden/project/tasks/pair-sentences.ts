import { Task } from 'hypergol'
import { Label } from '../data-models/label.ts'
import type { Sentence } from '../data-models/sentence.ts'

/** PairSentences: say here what it makes of its inputs. */
export class PairSentences extends Task<Label> {
  /**
   * Called once per input: one object of each input dataset (Sentence, Sentence), with the same hash id.
   * Append any number of Label objects with this.output.append(…); per-job setup goes in init().
   */
  run(sentence1: Sentence, sentence2: Sentence): void {
    // this.output.append(new Label({ … }))
    throw new Error('not implemented: PairSentences.run()')
  }
}
