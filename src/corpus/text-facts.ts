import type { PipelineDocument } from '../../schemas/annotations.js'
import type { ArticleFacts } from '../db/articles.js'
import { localPublicationDate } from '../pipeline/context.js'
import { searchForm } from '../search/fold.js'

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/gu
const LETTER = /\p{L}/gu
const WORD = /[\p{L}\p{N}]+/gu

export function wordCount(text: string): number {
  return text.match(WORD)?.length ?? 0
}

/** `ar` when most letters are Arabic script, else `und`: the corpus is Arabic news; we do not guess further. */
export function detectLanguage(text: string): string {
  const letters = text.match(LETTER)?.length ?? 0
  const arabic = text.match(ARABIC_SCRIPT)?.length ?? 0
  return letters > 0 && arabic / letters >= 0.5 ? 'ar' : 'und'
}

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
  return {
    titleForm: searchForm(article.title),
    bodyForm: searchForm(article.body),
    language: detectLanguage(article.body),
    wordCount: wordCount(article.body),
    // the same local day the pipeline resolves relative dates against
    publishedDate: localPublicationDate(article.publishedAt),
    sortKey: recencyKey(article.publishedAt)
  }
}
