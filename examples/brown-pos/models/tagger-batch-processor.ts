import * as tf from '@tensorflow/tfjs'
import { BaseBatchProcessor, type Dataset, type NamedTensors } from 'hypergol'
import type { Sentence } from '../data-models/sentence.ts'
import { TaggedSentence } from '../data-models/tagged-sentence.ts'
import { Tagging } from '../data-models/tagging.ts'
import { Tokens } from '../data-models/tokens.ts'
import { shapeOf, simplifyTag, suffixKey, wordKey } from './features.ts'
import type { TagTargets } from './tagger.ts'

/** Ids 0 and 1 of the word and suffix vocabularies: padding and unknown. */
const RESERVED = 2

interface TaggerConfig {
  /** Words seen at least `minCount` times in the training data, by id − 2. */
  words: string[]
  suffixes: string[]
  /** The simplified tag set, by id. */
  tags: string[]
  minCount: number
  /** Padding positions between the sentences of a packed batch: at least the classifier's window. */
  gap: number
  [key: string]: string[] | number
}

const idsOf = (vocabulary: string[]): Map<string, number> =>
  new Map(vocabulary.map((entry, index) => [entry, index + RESERVED]))

/** Sentences to id tensors, a batch packed into one row; tag ids back to tags. */
export class TaggerBatchProcessor extends BaseBatchProcessor<
  Sentence,
  TaggedSentence,
  Tokens,
  Tagging,
  NamedTensors,
  TagTargets,
  tf.Tensor,
  TaggerConfig
> {
  readonly inputClass = Tokens
  readonly outputClass = Tagging
  private lookups:
    | { words: Map<string, number>; suffixes: Map<string, number>; tags: Map<string, number> }
    | undefined

  /** Learns the vocabularies and the tag set from the training sentences. */
  override async prepare(training: Dataset<Sentence>): Promise<void> {
    const words = new Map<string, number>()
    const suffixes = new Map<string, number>()
    const tags = new Set<string>()
    for await (const sentence of training.read()) {
      for (const word of sentence.words) {
        words.set(wordKey(word), (words.get(wordKey(word)) ?? 0) + 1)
        suffixes.set(suffixKey(word), (suffixes.get(suffixKey(word)) ?? 0) + 1)
      }
      for (const tag of sentence.tags) tags.add(simplifyTag(tag))
    }
    const frequent = (counts: Map<string, number>) =>
      [...counts]
        .filter(([, count]) => count >= this.config.minCount)
        .map(([key]) => key)
        .sort()
    this.config.words = frequent(words)
    this.config.suffixes = frequent(suffixes)
    this.config.tags = [...tags].sort()
    this.lookups = undefined
  }

  private get ids() {
    this.lookups ??= {
      words: idsOf(this.config.words),
      suffixes: idsOf(this.config.suffixes),
      tags: new Map(this.config.tags.map((tag, index) => [tag, index])),
    }
    return this.lookups
  }

  /**
   * Where each sentence starts when a batch is packed into one row: sentences back to back, `gap` padding
   * positions after each. A window classifier then sees exactly what it would see of sentences padded one
   * by one, without computing the padding of a batch's short sentences up to its longest.
   */
  private offsetsOf(lengths: readonly number[]): { starts: number[]; total: number } {
    const starts: number[] = []
    let total = 0
    for (const length of lengths) {
      starts.push(total)
      total += length + this.config.gap
    }
    return { starts, total: Math.max(1, total) }
  }

  /** Word, suffix and shape ids `[1, total]` of the packed batch; 0 in the gaps. */
  private encode(sentences: readonly (readonly string[])[]): NamedTensors {
    const { starts, total } = this.offsetsOf(sentences.map((words) => words.length))
    const wordIds = new Int32Array(total)
    const suffixIds = new Int32Array(total)
    const shapeIds = new Int32Array(total)
    const { words, suffixes } = this.ids
    for (const [row, sentence] of sentences.entries()) {
      for (const [column, word] of sentence.entries()) {
        const at = (starts[row] as number) + column
        wordIds[at] = words.get(wordKey(word)) ?? 1
        suffixIds[at] = suffixes.get(suffixKey(word)) ?? 1
        shapeIds[at] = shapeOf(word)
      }
    }
    const shape: [number, number] = [1, total]
    return {
      wordIds: tf.tensor2d(wordIds, shape, 'int32'),
      suffixIds: tf.tensor2d(suffixIds, shape, 'int32'),
      shapeIds: tf.tensor2d(shapeIds, shape, 'int32'),
    }
  }

  /** The tags of each sentence from the packed logits `[1, total, tags]`. */
  private decode(lengths: readonly number[], logits: tf.Tensor): string[][] {
    const best = tf.tidy(() => logits.argMax(-1).dataSync())
    const { starts } = this.offsetsOf(lengths)
    return lengths.map((length, row) =>
      Array.from(
        { length },
        (_, column) => this.config.tags[best[(starts[row] as number) + column] as number] as string,
      ),
    )
  }

  processTrainingBatch(sentences: readonly Sentence[]) {
    const inputs = this.encode(sentences.map((sentence) => sentence.words))
    const { starts, total } = this.offsetsOf(sentences.map((sentence) => sentence.words.length))
    const tagIds = new Int32Array(total)
    const mask = new Float32Array(total)
    for (const [row, sentence] of sentences.entries()) {
      for (const [column, tag] of sentence.tags.entries()) {
        const at = (starts[row] as number) + column
        tagIds[at] = this.ids.tags.get(simplifyTag(tag)) ?? 0
        mask[at] = 1
      }
    }
    return {
      inputs,
      targets: { tagIds: tf.tensor2d(tagIds, [1, total], 'int32'), mask: tf.tensor2d(mask, [1, total]) },
    }
  }

  processEvaluationBatch(sentences: readonly Sentence[], logits: tf.Tensor, step: number): TaggedSentence[] {
    const predicted = this.decode(
      sentences.map((sentence) => sentence.words.length),
      logits,
    )
    return sentences.map(
      (sentence, index) =>
        new TaggedSentence({
          sentenceId: sentence.sentenceId,
          words: sentence.words,
          tags: sentence.tags.map(simplifyTag),
          predicted: predicted[index] as string[],
          step,
        }),
    )
  }

  processInputBatch(requests: readonly Tokens[]): NamedTensors {
    return this.encode(requests.map((request) => request.words))
  }

  processOutputBatch(requests: readonly Tokens[], logits: tf.Tensor): Tagging[] {
    const tags = this.decode(
      requests.map((request) => request.words.length),
      logits,
    )
    return requests.map(
      (request, index) => new Tagging({ words: request.words, tags: tags[index] as string[] }),
    )
  }
}
