import { AppError } from '../errors.js'
import { searchStem } from '../text/affixes.js'
import { foldLetters } from '../text/letters.js'

/**
 * Arabic-aware folding shared by the full-text index and every query, so that spelling variants meet: NFKC, then the
 * letter mapping the pipeline's normalisation uses (src/text/letters.ts: harakat, Quranic marks, tatweel and
 * invisible format characters removed — FTS5's unicode61 would split words on some of them; أ إ آ ٱ → ا; ى ی → ي;
 * ة → ه; ک → ك; Arabic-Indic and Persian digits → ASCII), then lower case.
 */
export function foldForSearch(text: string): string {
  return foldLetters(text.normalize('NFKC')).toLowerCase()
}

const WORD_RUN = /[\p{L}\p{N}]+/gu
/** The form in which text is indexed and queried: folded, then each word lightly stemmed (src/text/affixes.ts). */
export function searchForm(text: string): string {
  return foldForSearch(text).replace(WORD_RUN, (w) => searchStem(w))
}

/**
 * Turns user input into an FTS5 query in which every whitespace-separated term is a quoted string, so FTS5
 * syntax (AND, OR, NEAR, *, ^, column filters, stray quotes) is only ever read as plain words. Terms are ANDed.
 * A term without letters or digits (`"`, `*`) is a plain word too: the tokenizer finds nothing to match in it, so
 * alone it matches nothing, and beside other words it changes nothing. Returns null when the input has no term.
 */
export function toFtsQuery(input: string): string | null {
  // NUL ends a string inside SQLite's FTS5 query parser: it separates words like a space.
  const terms = searchForm(input)
    .replace(/\0/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => `"${term.replace(/"/g, '""')}"`)
  return terms.length > 0 ? terms.join(' ') : null
}

/** The FTS filter for an optional `q` parameter: null when absent, a 400 when it is blank. */
export function ftsFilter(q: string | undefined, name = 'q'): string | null {
  if (q === undefined) return null
  const fts = toFtsQuery(q)
  if (fts === null) throw new AppError('validation', `\`${name}\` has no words`, [{ in: 'query', name, detail: 'must contain a non-space character' }])
  return fts
}

/** Most words of a name whose runs are indexed; a longer "name" is a phrase, not a name. */
const MAX_NAME_WORDS = 12

/**
 * Every run of consecutive words of a name in search form (space-separated): `دونالد ترامب` gives `دونالد`, `ترامب`
 * and `دونالد ترامب`. A filter value names an entity when it equals one of these keys, i.e. when it is the name or
 * a whole-word part of it.
 */
export function nameKeys(form: string): string[] {
  const words = form.trim().split(/\s+/).filter(Boolean).slice(0, MAX_NAME_WORDS)
  const keys = new Set<string>()
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j <= words.length; j++) keys.add(words.slice(i, j).join(' '))
  }
  return [...keys]
}
