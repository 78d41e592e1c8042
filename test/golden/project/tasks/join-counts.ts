import { Task } from 'hypergol'
import type { Sentence } from '../data-models/sentence.ts'
import { TokenCount } from '../data-models/token-count.ts'

/** JoinCounts: say here what it makes of its inputs. */
export class JoinCounts extends Task<TokenCount> {
  /**
   * Called once per input: one object of each input dataset (Sentence, TokenCount), with the same hash id.
   * Append any number of TokenCount objects with this.output.append(…); per-job setup goes in init().
   */
  run(sentence: Sentence, tokenCount: TokenCount): void {
    // this.output.append(new TokenCount({ … }))
    throw new Error('not implemented: JoinCounts.run()')
  }
}
