import { AppError } from '../errors.js'
import { SEARCH_STEM_FIRST, searchStem } from '../text/affixes.js'
import { asciiDigit, isDeleted, LETTER_FOLD, unitsToString } from '../text/letters.js'
import { isWordChar } from './word-chars.js'

/**
 * Arabic-aware folding shared by the full-text index and every query, so that spelling variants meet: NFKC, then the
 * letter mapping the pipeline's normalisation uses (src/text/letters.ts: harakat, Quranic marks, tatweel and
 * invisible format characters removed — FTS5's unicode61 would split words on some of them; أ إ آ ٱ → ا; ى ی → ي;
 * ة → ه; ک → ك; Arabic-Indic and Persian digits → ASCII), then lower case.
 */
export function foldForSearch(text: string): string {
  return foldChars(text.normalize('NFKC')).toLowerCase()
}

/** Scratch space for the one-pass rewrites below (UTF-16 code units), grown as needed; read back by `unitsToString`. */
let scratch = new Uint16Array(4096)

function room(length: number): Uint16Array {
  if (scratch.length < length) scratch = new Uint16Array(Math.max(length, scratch.length * 2))
  return scratch
}

/** Single-character replacements of LETTER_FOLD and the digits, by code unit (0: none). */
const REPLACE = new Uint16Array(0x0700)
for (const [code, letter] of Object.entries(LETTER_FOLD)) REPLACE[Number(code)] = letter.charCodeAt(0)
for (let c = 0x0660; c < 0x0700; c++) REPLACE[c] ||= asciiDigit(c)?.charCodeAt(0) ?? 0

/**
 * `foldLetters` (src/text/letters.ts) in one pass over the string: the same deletions, letter folds and digits (disjoint
 * sets, so their order does not matter; every replacement is one character), without three regular-expression passes
 * and a callback per folded letter. The search form of every article body goes through it.
 */
function foldChars(text: string): string {
  const out = room(text.length)
  let n = 0
  let changed = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x0610) {
      if (isDeleted(c)) {
        changed = true
        continue
      }
      const r = c < 0x0700 ? (REPLACE[c] as number) : 0
      if (r !== 0) {
        out[n++] = r
        changed = true
        continue
      }
    }
    out[n++] = c
  }
  return changed ? unitsToString(out, n) : text
}

/**
 * Applies `searchStem` (src/text/affixes.ts) to every word (`[\p{L}\p{N}]+` run) of `text` that it may change, in one
 * scan (a `replace` with a callback per word costs most of the search form of a body). `searchStem` only ever drops
 * leading characters.
 */
function stemWords(text: string): string {
  const out = room(text.length)
  let n = 0
  let changed = false
  let i = 0
  while (i < text.length) {
    const cp = text.codePointAt(i) as number
    if (!isWordChar(cp)) {
      out[n++] = text.charCodeAt(i++)
      continue
    }
    const start = i
    i += cp > 0xffff ? 2 : 1
    while (i < text.length) {
      const next = text.codePointAt(i) as number
      if (!isWordChar(next)) break
      i += next > 0xffff ? 2 : 1
    }
    let from = start
    if (SEARCH_STEM_FIRST.has(cp)) {
      const word = text.slice(start, i)
      from = i - searchStem(word).length
      if (from !== start) changed = true
    }
    for (let k = from; k < i; k++) out[n++] = text.charCodeAt(k)
  }
  return changed ? unitsToString(out, n) : text
}

/** The form in which text is indexed and queried: folded, then each word lightly stemmed (src/text/affixes.ts). */
export function searchForm(text: string): string {
  return stemWords(foldForSearch(text))
}

/**
 * Turns user input into an FTS5 query in which every whitespace-separated term is a quoted string, so FTS5
 * syntax (AND, OR, NEAR, *, ^, column filters, stray quotes) is only ever read as plain words. Terms are ANDed.
 * A term without letters or digits (`"`, `*`) is a plain word too: the tokenizer finds nothing to match in it, so
 * alone it matches nothing, and beside other words it changes nothing. Returns null when the input has no term.
 */
export function toFtsQuery(input: string): string | null {
  return formToFtsQuery(searchForm(input))
}

/** `toFtsQuery` of text already in search form (`searchForm` is not idempotent: a stem may be stemmed again). */
export function formToFtsQuery(form: string): string | null {
  // NUL ends a string inside SQLite's FTS5 query parser: it separates words like a space.
  const terms = form
    .replace(/\0/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => `"${term.replace(/"/g, '""')}"`)
  return terms.length > 0 ? terms.join(' ') : null
}

/** The FTS filter for an optional `q` parameter: null when absent, a 400 when it is blank. */
export function ftsFilter(q: string | undefined, name = 'q'): string | null {
  return q === undefined ? null : searchTerms(q, name).fts
}

/** A required query parameter's search form and FTS query (folded once); a 400 when it has no words. */
export function searchTerms(q: string, name = 'q'): { form: string; fts: string } {
  const form = searchForm(q)
  const fts = formToFtsQuery(form)
  if (fts === null) throw new AppError('validation', `\`${name}\` has no words`, [{ in: 'query', name, detail: 'must contain a non-space character' }])
  return { form, fts }
}

/** The name key (see `nameKeys`) a value in search form looks up: its words, one space apart. */
export function nameKey(form: string): string {
  return form.trim().replace(/\s+/g, ' ')
}

/**
 * An entity's name keys (every run of words of its names, `nameKeys`), each with the name in search form that a search
 * for it adds to its full-text query, or null. A key adds the entity's name when the texts that say the key would miss
 * the entity and the key names it: the name does not contain the key, and the key is one of its names whole (an
 * alias, the English name: Sergey Lavrov → سيرغي لافروف) or words of its English name (Erdogan → رجب طيب أردوغان; the
 * texts spell names in Arabic). Words of an alias are not a name: السعودية, a word of a newspaper's alias
 * «الاقتصادية السعودية», finds the texts that say it; adding صحيفة الاقتصادية (and every other Saudi body's name) to
 * its search would not.
 */
export function nameIndexKeys(name: string, nameEn: string | null, aliases: readonly string[]): Map<string, string | null> {
  const nameForm = searchForm(name)
  const enForm = nameEn ? searchForm(nameEn) : ''
  const keys = new Map<string, string | null>()
  for (const form of new Set([nameForm, enForm, ...aliases.map(searchForm)])) {
    const whole = nameKey(form)
    for (const key of nameKeys(form)) {
      if (keys.get(key) == null) keys.set(key, !nameForm.includes(key) && (key === whole || form === enForm) ? nameForm : null)
    }
  }
  return keys
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
