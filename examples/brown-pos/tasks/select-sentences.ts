import { hashIdSha1, Task, type TaskOptions } from 'hypergol'
import type { Sentence } from '../data-models/sentence.ts'

/**
 * Keeps the sentences of one side of a split by hash: a sentence is held out for evaluation when the first
 * byte of the SHA-1 of its id is below `heldOutPerMille` × 256 / 1000, whatever the order or the machine.
 */
export class SelectSentences extends Task<Sentence> {
  constructor(
    options: TaskOptions<Sentence>,
    readonly side: 'training' | 'evaluation',
    readonly heldOutPerMille = 100,
  ) {
    super(options)
  }

  run(sentence: Sentence): void {
    const firstByte = Number.parseInt(hashIdSha1(sentence.getHashId()).slice(0, 2), 16)
    const heldOut = firstByte < (this.heldOutPerMille * 256) / 1000
    if (heldOut === (this.side === 'evaluation')) this.output.append(sentence)
  }
}
