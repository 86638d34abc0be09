/**
 * Undo what scraping left in article text without changing its meaning. The cleaned body is what the API serves,
 * and every offset the API returns points into it.
 */

const ARABIC_LETTER = '\\u0621-\\u064A\\u0671-\\u06D3'
const SPACE_LIKE = /[\u00A0\u2007\u202F\u2000-\u200A\u3000\t\f\v]/g
const ZERO_WIDTH = /[\u200B\uFEFF\u2060]/g
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F]/g
/** A Latin comma glued after sentence-final punctuation marks a paragraph the scraper joined (`المنطقة., إلى`). */
const JOINED_PARAGRAPH = /([.!?؟"”»])[ ]*,[ ]+/g
const SPACE_BEFORE_STOP = /(\S)[ ]+\.(?=\s|$)/g
/** `المنطقة.كما` — a full stop with no space before an Arabic word. */
const MISSING_SPACE_AFTER_STOP = new RegExp(`([${ARABIC_LETTER}])\\.(?=[${ARABIC_LETTER}])`, 'g')
const MISSING_SPACE_AFTER_COMMA = new RegExp(`،(?=[${ARABIC_LETTER}])`, 'g')

/** A label or photo caption at the top of a scraped page: short, no sentence punctuation. */
const CAPTION_MARK = /(?:^|[\s\-–—(])(أرشيفية|أرشيف|صورة|تعبيرية|رويترز|AFP|Reuters)\)?$/u
const SENTENCE_PUNCTUATION = /[.!?؟،,:;؛"“”«»]/

function normaliseSpaces(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(ZERO_WIDTH, '')
    .replace(SPACE_LIKE, ' ')
}

function isHeaderLine(line: string): boolean {
  const words = line.split(' ').filter(Boolean).length
  if (CAPTION_MARK.test(line) && words <= 12) return true
  return words <= 6 && !SENTENCE_PUNCTUATION.test(line)
}

/** Drops the section labels and photo captions that precede the first real paragraph. */
function dropLeadingHeaderLines(lines: string[]): string[] {
  let first = 0
  while (first < lines.length - 1 && (lines[first] === '' || isHeaderLine(lines[first] ?? ''))) first++
  return lines.slice(first)
}

export function cleanTitle(raw: string): string {
  return normaliseSpaces(raw).replace(/\s+/g, ' ').replace(MISSING_SPACE_AFTER_COMMA, '، ').trim()
}

export function cleanBody(raw: string): string {
  const text = normaliseSpaces(raw)
    .replace(JOINED_PARAGRAPH, '$1\n')
    .replace(SPACE_BEFORE_STOP, '$1.')
    .replace(MISSING_SPACE_AFTER_STOP, '$1. ')
    .replace(MISSING_SPACE_AFTER_COMMA, '، ')
  const lines = text.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim())
  const kept = dropLeadingHeaderLines(lines)
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim()
}
