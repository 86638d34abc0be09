import { foldForSearch, stemWord } from '../search/fold.js'

const WORD = /[\p{L}\p{N}]+/gu
/** A preposition glued to a word (بتحييد, لتحييد) after the article has been stripped. */
const ATTACHED_PREPOSITION = /^[\u0628\u0644\u0643\u0641]/ // ب ل ك ف

/** The content words of a statement, folded and lightly stemmed, without function words. */
export function statementTerms(text: string, stopWords: ReadonlySet<string>): Set<string> {
  const terms = new Set<string>()
  for (const word of foldForSearch(text).match(WORD) ?? []) {
    if (stopWords.has(word)) continue
    let term = stemWord(word)
    if (term.length >= 5 && ATTACHED_PREPOSITION.test(term)) term = term.slice(1)
    if (term.length >= 3 && !stopWords.has(term)) terms.add(term)
  }
  return terms
}

/**
 * Whether two statements by the same speaker report the same words: at least three content words shared, and at
 * least half of the shorter statement's. Returns the share (0 when they do not match).
 */
export function sameStatement(a: Set<string>, b: Set<string>): number {
  let shared = 0
  for (const term of a) if (b.has(term)) shared++
  const share = shared / Math.max(1, Math.min(a.size, b.size))
  return shared >= 3 && share >= 0.5 ? Math.round(share * 100) / 100 : 0
}
