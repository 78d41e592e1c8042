import { Task } from 'hypergol'
import type { Sentence } from '../data-models/sentence.ts'
import { TokenCount } from '../data-models/token-count.ts'

/** CountTokens: say here what it makes of its inputs. */
export class CountTokens extends Task<TokenCount> {
  /**
   * Called once per input: one Sentence object.
   * Append any number of TokenCount objects with this.output.append(…); per-job setup goes in init().
   */
  run(sentence: Sentence): void {
    // this.output.append(new TokenCount({ … }))
    throw new Error('not implemented: CountTokens.run()')
  }
}
