/**
 * What the tagger sees of a word, and the tag set it predicts. The tag set is Brown's with its modifiers
 * removed: `-tl` (in a title), `-hl` (in a headline), `-nc` (cited) and `fw-` (foreign word) go, so
 * `nn-tl` is `nn`; compound tags of contractions stay (`ppss+md` for "I'll"). The corpus then has 191 tags.
 */

/** The tag without Brown's title, headline, citation and foreign-word modifiers. */
export const simplifyTag = (tag: string): string => tag.replace(/^fw-/, '').replace(/(-(tl|hl|nc))+$/, '')

/** The vocabulary key of a word: lower case, every digit as 0 (numbers are alike for tagging). */
export const wordKey = (word: string): string => word.toLowerCase().replace(/\d/g, '0')

/** The last three characters of the word's key: how unknown words are still tagged well. */
export const suffixKey = (word: string): string => wordKey(word).slice(-3)

/** Word shapes; 0 is padding. */
export const SHAPES = 7

/** 1 lower case, 2 capitalised, 3 all capitals, 4 with a digit, 5 punctuation, 6 anything else. */
export const shapeOf = (word: string): number => {
  if (/\d/.test(word)) return 4
  if (/^[a-z]/.test(word)) return 1
  if (/^[A-Z][^A-Z]*$/.test(word)) return 2
  if (/^[A-Z]+$/.test(word)) return 3
  if (/^[^A-Za-z0-9]+$/.test(word)) return 5
  return 6
}
