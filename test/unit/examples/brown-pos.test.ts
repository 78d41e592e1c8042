/**
 * The Brown example's own rules: the tag set, the word features, and the packing of a batch into one row,
 * whose tags come back to the right words.
 */
import { describe, expect, test } from 'bun:test'
import * as tf from '@tensorflow/tfjs'
import { Sentence } from '../../../examples/brown-pos/data-models/sentence.ts'
import { Tokens } from '../../../examples/brown-pos/data-models/tokens.ts'
import { shapeOf, simplifyTag, suffixKey, wordKey } from '../../../examples/brown-pos/models/features.ts'
import { TaggerBatchProcessor } from '../../../examples/brown-pos/models/tagger-batch-processor.ts'
import { loadTf } from '../../../src/model/tf.ts'

describe('simplifyTag', () => {
  test.each([
    ['nn-tl', 'nn'],
    ['np$-tl', 'np$'],
    ['fw-nn', 'nn'],
    ['jj-hl', 'jj'],
    ['nn-tl-hl', 'nn'],
    ['vbd-nc', 'vbd'],
    ['---hl', '--'],
    ['--', '--'],
    ['ppss+md', 'ppss+md'],
    ['bedz*', 'bedz*'],
  ])('given %s, when simplified, then %s', (tag, simple) => {
    expect(simplifyTag(tag)).toBe(simple)
  })
})

describe('word features', () => {
  test.each([
    ['jury', 1, 'jury', 'ury'],
    ['Atlanta', 2, 'atlanta', 'nta'],
    ['USA', 3, 'usa', 'usa'],
    ['1961', 4, '0000', '000'],
    ["''", 5, "''", "''"],
    ['McDonald', 6, 'mcdonald', 'ald'],
  ])('given %s, then shape %i, key %s and suffix %s', (word, shape, key, suffix) => {
    expect([shapeOf(word), wordKey(word), suffixKey(word)]).toEqual([shape, key, suffix])
  })
})

describe('TaggerBatchProcessor packing', () => {
  const processor = new TaggerBatchProcessor({
    words: ['jury', 'the'],
    suffixes: ['ury', 'the'],
    tags: ['at', 'nn', 'vbd'],
    minCount: 2,
    gap: 2,
  })

  test('given two sentences, when packed, then each starts after the other and a gap of padding', async () => {
    await loadTf()
    const sentences = [
      new Sentence({ sentenceId: 'a', fileId: 'x', words: ['The', 'jury'], tags: ['at', 'nn-tl'] }),
      new Sentence({ sentenceId: 'b', fileId: 'x', words: ['said'], tags: ['vbd'] }),
    ]

    const { inputs, targets } = processor.processTrainingBatch(sentences)

    expect(Array.from((inputs.wordIds as tf.Tensor).dataSync())).toEqual([3, 2, 0, 0, 1, 0, 0])
    expect(Array.from(targets.mask.dataSync())).toEqual([1, 1, 0, 0, 1, 0, 0])
    expect(Array.from(targets.tagIds.dataSync())).toEqual([0, 1, 0, 0, 2, 0, 0])
    tf.dispose([...Object.values(inputs), targets.tagIds, targets.mask])
  })

  test('given logits of a packed batch, when decoded, then each request gets the tags of its own positions', async () => {
    await loadTf()
    const requests = [new Tokens({ words: ['The', 'jury'] }), new Tokens({ words: ['said'] })]
    // Best tag per position of [The, jury, gap, gap, said, gap, gap]: at, nn, -, -, vbd, -, -.
    const best = [0, 1, 0, 0, 2, 0, 0]
    const logits = tf.oneHot(tf.tensor1d(best, 'int32'), 3).reshape([1, 7, 3])

    const taggings = processor.processOutputBatch(requests, logits)

    expect(taggings.map((tagging) => tagging.tags)).toEqual([['at', 'nn'], ['vbd']])
    logits.dispose()
  })
})
