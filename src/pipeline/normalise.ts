import { asciiDigit, isDeleted, LETTER_FOLD, unitsToString } from '../text/letters.js'

/**
 * Arabic normalisation for matching, with a map back to body offsets: every normalised character remembers the
 * UTF-16 range of the body character it came from, so spans found on normalised text point into the served body.
 */

export interface NormalisedText {
  text: string
  /** For each normalised character: start offset of its source character in the body. */
  start: Int32Array
  /** For each normalised character: end offset (exclusive) of its source character in the body. */
  end: Int32Array
  bodyLength: number
}

const cache = new Map<string, string>()

/** Letters of the Arabic block that NFKC rewrites (ٵ → اٴ): they take the general path below, like every other script. */
const ARABIC_NFKC = new Set<number>()
for (let c = 0x0600; c <= 0x06ff; c++) if (String.fromCharCode(c).normalize('NFKC') !== String.fromCharCode(c)) ARABIC_NFKC.add(c)

/** Normalised form of one character (possibly empty, possibly several characters for compatibility forms). */
export function normaliseChar(ch: string): string {
  const c = ch.charCodeAt(0)
  if (c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch
  if (isDeleted(c)) return ''
  const digit = asciiDigit(c)
  if (digit !== null) return digit
  const folded = LETTER_FOLD[c]
  if (folded !== undefined) return folded
  if (c >= 0x0600 && c <= 0x06ff && !ARABIC_NFKC.has(c)) return ch
  if (c === 0x00a0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x3000) return ' '
  const hit = cache.get(ch)
  if (hit !== undefined) return hit
  let out = ch
  const nfkc = ch.normalize('NFKC')
  if (nfkc !== ch) out = [...nfkc].map((x) => (x === ch ? x.toLowerCase() : normaliseChar(x))).join('')
  else out = ch.toLowerCase()
  if (cache.size < 5000) cache.set(ch, out)
  return out
}

/**
 * normaliseChar of each BMP code unit as it is met, for normaliseText: the code unit it becomes, DROPPED, or
 * GENERAL (several units, or not asked yet) for the call itself.
 */
const UNIT = new Int32Array(0x10000).fill(-1)
const DROPPED = -2
const GENERAL = -3

function unitOf(c: number): number {
  let u = UNIT[c]!
  if (u === -1) {
    const out = normaliseChar(String.fromCharCode(c))
    u = out.length === 0 ? DROPPED : out.length === 1 ? out.charCodeAt(0) : GENERAL
    UNIT[c] = u
  }
  return u
}

export function normaliseText(body: string): NormalisedText {
  const n = body.length
  let units = new Uint16Array(n + 8)
  let starts = new Int32Array(n + 8)
  let ends = new Int32Array(n + 8)
  let len = 0
  const grow = (): void => {
    const grownU = new Uint16Array(units.length * 2)
    const grownS = new Int32Array(starts.length * 2)
    const grownE = new Int32Array(ends.length * 2)
    grownU.set(units)
    grownS.set(starts)
    grownE.set(ends)
    units = grownU
    starts = grownS
    ends = grownE
  }
  for (let i = 0; i < n; ) {
    const c = body.charCodeAt(i)
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (body.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1
    const u = width === 1 ? unitOf(c) : GENERAL
    if (u >= 0) {
      if (len >= units.length) grow()
      units[len] = u
      starts[len] = i
      ends[len] = i + width
      len++
    } else if (u === GENERAL) {
      const out = normaliseChar(body.slice(i, i + width))
      for (let k = 0; k < out.length; k++) {
        if (len >= units.length) grow()
        units[len] = out.charCodeAt(k)
        starts[len] = i
        ends[len] = i + width
        len++
      }
    }
    i += width
  }
  return { text: unitsToString(units, len), start: starts.subarray(0, len), end: ends.subarray(0, len), bodyLength: n }
}

/** Normalised form of a lexicon or knowledge-base key: same folding, spaces collapsed. */
export function normaliseKey(s: string): string {
  return normaliseText(s).text.replace(/\s+/g, ' ').trim()
}

/** Body span covering normalised characters [s, e). */
export function toBodySpan(n: NormalisedText, s: number, e: number): { start: number; end: number } {
  if (e <= s || n.text.length === 0) {
    const at = s < n.text.length ? (n.start[s] ?? n.bodyLength) : n.bodyLength
    return { start: at, end: at }
  }
  const first = Math.max(0, Math.min(s, n.text.length - 1))
  const last = Math.max(first, Math.min(e - 1, n.text.length - 1))
  return { start: n.start[first] ?? 0, end: n.end[last] ?? n.bodyLength }
}
