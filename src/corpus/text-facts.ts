import type { PipelineDocument } from '../../schemas/annotations.js'
import type { ArticleFacts } from '../db/articles.js'
import { localPublicationDate } from '../pipeline/context.js'
import { searchForm } from '../search/fold.js'
import { charClass, LETTER_CLASS, OTHER } from '../search/word-chars.js'

/** Arabic script blocks (Arabic, Supplement, Extended-A, Presentation Forms-A and -B): every code point in them counts. */
const ARABIC_RANGES: readonly (readonly [number, number])[] = [
  [0x0600, 0x06ff],
  [0x0750, 0x077f],
  [0x08a0, 0x08ff],
  [0xfb50, 0xfdff],
  [0xfe70, 0xfeff]
]

const isArabicScript = (cp: number): boolean => ARABIC_RANGES.some(([from, to]) => cp >= from && cp <= to)

/**
 * Letters (`\p{L}`), Arabic-script code points and words (`[\p{L}\p{N}]+` runs) of a text, in one pass that allocates
 * nothing: extraction workers compute it for every article.
 */
export function textCounts(text: string): { letters: number; arabic: number; words: number } {
  let letters = 0
  let arabic = 0
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i)
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
        i++
      }
    }
    const cls = charClass(cp)
    if (cls === LETTER_CLASS) letters++
    if (cp >= 0x0600 && cp <= 0xfeff && isArabicScript(cp)) arabic++
    const word = cls !== OTHER
    if (word && !inWord) words++
    inWord = word
  }
  return { letters, arabic, words }
}

export function wordCount(text: string): number {
  return textCounts(text).words
}

/** `ar` when most letters are Arabic script, else `und`: the corpus is Arabic news; we do not guess further. */
export function detectLanguage(text: string): string {
  return languageOf(textCounts(text))
}

const languageOf = ({ letters, arabic }: { letters: number; arabic: number }): string => (letters > 0 && arabic / letters >= 0.5 ? 'ar' : 'und')

/**
 * A string that sorts articles by publication instant (UTC). Date-only values count as midnight UTC, and so does a
 * local timestamp without an offset count as UTC (never the machine's zone: the order must not depend on where the
 * service runs); unknown dates sort last in descending order.
 */
export function recencyKey(publishedAt: string | null): string {
  if (!publishedAt) return ''
  if (publishedAt.length === 10) return `${publishedAt}T00:00:00.000Z`
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(publishedAt) ? publishedAt : `${publishedAt}Z`
  const withColon = zoned.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const time = Date.parse(withColon)
  return Number.isNaN(time) ? `${publishedAt.slice(0, 10)}T00:00:00.000Z` : new Date(time).toISOString()
}

/** What storing an article derives from it: computed on the main thread, or ahead of time in the extraction workers. */
export function articleFacts(article: Pick<PipelineDocument, 'title' | 'body' | 'publishedAt'>): ArticleFacts {
  const counts = textCounts(article.body)
  return {
    titleForm: searchForm(article.title),
    bodyForm: searchForm(article.body),
    language: languageOf(counts),
    wordCount: counts.words,
    // the same local day the pipeline resolves relative dates against
    publishedDate: localPublicationDate(article.publishedAt),
    sortKey: recencyKey(article.publishedAt)
  }
}
