import type { Quote } from '../../schemas/knowledge.js'
import type { SpeakerStatement } from '../db/read-models.js'
import { foldForSearch } from '../search/fold.js'
import { hasLeftoverProclitic, searchStem } from '../text/affixes.js'

const WORD = /[\p{L}\p{N}]+/gu

/** The content words of a statement, folded and lightly stemmed, without function words. */
export function statementTerms(text: string, stopWords: ReadonlySet<string>): Set<string> {
  const terms = new Set<string>()
  for (const word of foldForSearch(text).match(WORD) ?? []) {
    if (stopWords.has(word)) continue
    let term = searchStem(word)
    if (term.length >= 5 && hasLeftoverProclitic(term)) term = term.slice(1)
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

/** Days apart two reports of one statement may be dated. */
const SAME_STATEMENT_DAYS = 3
/**
 * Statements a statement is compared with, at most: those by the same speaker dated nearest after it (it is compared
 * with those before it from their side). Reports of one statement fall on the same or the next days, so this keeps
 * them while bounding the work for a speaker quoted thousands of times in a week (n² pairs otherwise).
 */
const SAME_STATEMENT_CANDIDATES = 300
/** Other reports listed per statement, at most: the most similar, in corpus order. */
const SAME_STATEMENT_LINKS = 50

type Link = Quote['alsoReportedIn'][number]

/**
 * Reports of the same statement among one speaker's statements (given in corpus order): pairs from different
 * articles dated at most `SAME_STATEMENT_DAYS` apart whose content words match (`sameStatement`). Returns, by
 * statement rowid, the others in corpus order (the SAME_STATEMENT_LINKS most similar).
 */
export function linkSameStatements(group: SpeakerStatement[], terms: (text: string) => Set<string>): Map<number, Quote['alsoReportedIn']> {
  const found = new Map<number, { index: number; link: Link }[]>()
  if (group.length < 2) return new Map()
  const day = group.map((q) => q.day)
  const words: (Set<string> | undefined)[] = []
  const wordsOf = (i: number) => (words[i] ??= terms(group[i]?.text ?? ''))
  const byDay = group.map((_, i) => i).sort((a, b) => (day[a] ?? 0) - (day[b] ?? 0) || a - b)
  const add = (from: number, to: number, similarity: number) => {
    const other = group[to]
    const row = group[from]
    if (!other || !row) return
    const list = found.get(row.rowid) ?? []
    list.push({ index: to, link: { quoteId: other.id, articleId: other.articleId, similarity } })
    found.set(row.rowid, list)
  }
  for (let a = 0; a < byDay.length; a++) {
    const i = byDay[a] ?? 0
    for (let b = a + 1; b < byDay.length && b <= a + SAME_STATEMENT_CANDIDATES; b++) {
      const j = byDay[b] ?? 0
      if ((day[j] ?? 0) - (day[i] ?? 0) > SAME_STATEMENT_DAYS) break
      if (group[i]?.articleRowid === group[j]?.articleRowid) continue
      const similarity = sameStatement(wordsOf(i), wordsOf(j))
      if (similarity === 0) continue
      add(i, j, similarity)
      add(j, i, similarity)
    }
  }
  const listed = (list: { index: number; link: Link }[]) =>
    list
      .sort((x, y) => y.link.similarity - x.link.similarity || x.index - y.index)
      .slice(0, SAME_STATEMENT_LINKS)
      .sort((x, y) => x.index - y.index)
      .map((x) => x.link)
  return new Map([...found].map(([rowid, list]) => [rowid, listed(list)]))
}
