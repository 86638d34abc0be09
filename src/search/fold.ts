/**
 * Arabic-aware folding shared by the full-text index and every query, so that spelling variants meet:
 * NFKC; harakat, Quranic marks and tatweel removed (FTS5's unicode61 would split words on some of them);
 * أ إ آ ٱ → ا; ى → ي; ة → ه; Persian/Urdu ی ک → ي ك; Arabic-Indic and Persian digits → ASCII; lower case.
 */
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g
const ALEF = /[\u0622\u0623\u0625\u0671]/g
const DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g

export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(MARKS, '')
    .replace(ALEF, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u06CC/g, '\u064A')
    .replace(/\u06A9/g, '\u0643')
    .replace(DIGITS, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90))
    .toLowerCase()
}

/** A searchable word has at least one letter or digit; FTS5 would ignore anything else. */
const WORD = /[\p{L}\p{N}]/u

/**
 * Turns user input into an FTS5 query in which every whitespace-separated term is a quoted string, so FTS5
 * syntax (AND, OR, NEAR, *, ^, column filters, stray quotes) is only ever read as plain words. Terms are ANDed.
 * Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const terms = foldForSearch(input)
    .split(/\s+/)
    .filter((term) => WORD.test(term))
    .map((term) => `"${term.replace(/"/g, '""')}"`)
  return terms.length > 0 ? terms.join(' ') : null
}
