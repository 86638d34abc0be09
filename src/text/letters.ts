/**
 * The one Arabic letter mapping, shared by the pipeline's normalisation (character by character, keeping offsets:
 * src/pipeline/normalise.ts) and the search form of the full-text index and every query (whole strings:
 * src/search/fold.ts), so a name the pipeline matches and a word a user searches are folded alike.
 */

/**
 * Code point ranges removed outright: harakat and other Arabic combining marks, superscript alef, Quranic annotation
 * signs, tatweel, and invisible format characters (zero-width space/joiners, direction marks, word joiner, BOM).
 */
export const DELETED_RANGES: readonly (readonly [number, number])[] = [
  [0x0610, 0x061a],
  [0x061c, 0x061c],
  [0x0640, 0x0640],
  [0x064b, 0x065f],
  [0x0670, 0x0670],
  [0x06d6, 0x06ed],
  [0x200b, 0x200f],
  [0x2060, 0x2060],
  [0xfeff, 0xfeff]
]

/**
 * Letter variants folded to one letter: alef with hamza/madda/wasla → ا; alef maqsura and Persian/Urdu yeh → ي;
 * teh marbuta and heh variants → ه; keheh and swash kaf → ك.
 */
export const LETTER_FOLD: Readonly<Record<number, string>> = {
  0x0622: 'ا', 0x0623: 'ا', 0x0625: 'ا', 0x0671: 'ا', 0x0672: 'ا', 0x0673: 'ا',
  0x0649: 'ي', 0x06cc: 'ي', 0x06d0: 'ي', 0x06cd: 'ي', 0x06d2: 'ي',
  0x0629: 'ه', 0x06c0: 'ه', 0x06c1: 'ه', 0x06c3: 'ه', 0x06be: 'ه', 0x06d5: 'ه',
  0x06a9: 'ك', 0x06aa: 'ك'
}

/** One flag per BMP code point: the pipeline asks for every character of every body. */
const DELETED_TABLE = new Uint8Array(0x10000)
for (const [from, to] of DELETED_RANGES) DELETED_TABLE.fill(1, from, to + 1)

export function isDeleted(c: number): boolean {
  return c < 0x10000 && DELETED_TABLE[c] === 1
}

/** Arabic-Indic (U+0660–0669) and extended Persian (U+06F0–06F9) digits → ASCII digit, else null. */
export function asciiDigit(c: number): string | null {
  if (c >= 0x0660 && c <= 0x0669) return String.fromCharCode(48 + c - 0x0660)
  if (c >= 0x06f0 && c <= 0x06f9) return String.fromCharCode(48 + c - 0x06f0)
  return null
}

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`

/** Matches every deleted character (for whole-string replacement). */
export const DELETED_PATTERN = new RegExp(`[${DELETED_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`, 'g')
/** Matches every letter variant in LETTER_FOLD. */
export const FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLD).map((c) => hex(Number(c))).join('')}]`, 'g')
/** Matches every non-ASCII digit asciiDigit maps. */
export const DIGIT_PATTERN = /[\u0660-\u0669\u06F0-\u06F9]/g

/** Deletions, letter folds and digits applied to a whole string (no offsets kept). */
export function foldLetters(text: string): string {
  return text
    .replace(DELETED_PATTERN, '')
    .replace(FOLD_PATTERN, (ch) => LETTER_FOLD[ch.charCodeAt(0)] ?? ch)
    .replace(DIGIT_PATTERN, (d) => asciiDigit(d.charCodeAt(0)) ?? d)
}

/**
 * The first `n` code units of `units` as a string, lone surrogates kept (a TextDecoder would replace them); in slices,
 * since one call with a whole body could pass the engine's limit on arguments. The one-pass rewrites of normalisation
 * and of the search form build their text with it.
 */
export function unitsToString(units: Uint16Array, n: number): string {
  let out = ''
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 8192)) as unknown as number[])
  return out
}
