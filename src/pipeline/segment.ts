/**
 * Tokens, clauses and sentences over normalised text. Tokens split letters from digits (`ال5`, `m5`, `إم-4`) so
 * that lexicon keys tokenised the same way meet them. Each token records whether the gap before it holds
 * punctuation (a "hard" gap): multi-word names never match across commas or full stops.
 */
import { procliticVariants, type ProcliticVariant } from '../text/affixes.js'
import type { NormalisedText } from './normalise.js'

export interface Token {
  text: string
  /** Normalised offsets. */
  s: number
  e: number
  /** The gap before this token contains punctuation other than hyphens and slashes. */
  hardGap: boolean
  /** Raw gap text before this token (normalised). */
  gap: string
  sentence: number
  clause: number
  /** procliticVariants(text): the token as written first, then without its proclitics. */
  variants: readonly ProcliticVariant[]
  /**
   * The bits of the knowledge base's tries (trie.ts `indexTrieRoots`) that one of the variants starts, and that the
   * token as written starts; every bit when segmented without that index.
   */
  roots: number
  rootsExact: number
}

export interface Sentence {
  s: number
  e: number
  firstToken: number
  /** Exclusive. */
  endToken: number
}

export interface Segmentation {
  tokens: Token[]
  sentences: Sentence[]
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 0x0621 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3) || (c >= 0x00c0 && c <= 0x024f && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x0370 && c <= 0x03ff) || (c >= 0x0400 && c <= 0x04ff) || c === 0x06fa || c === 0x06fb
/** Gaps that do not separate a name: spaces, hyphens, slashes, and the hashtag marks of social-media style (`#الشرطة_النمساوية`). */
const SOFT_GAP = /^[\s\-–—/_#]*$/
const SENTENCE_END = new Set(['.', '!', '?', '؟', '\n'])
const CLAUSE_END = new Set(['،', ',', ';', '؛'])

/**
 * The sets above as one flag table over code units (the segmenter asks for every character of every body). SOFT_GAP
 * has no `u` flag, so it reads a gap code unit by code unit: a gap is soft when each of its units is.
 */
const SENTENCE_UNIT = 1
const CLAUSE_UNIT = 2
const SOFT_UNIT = 4
const UNIT_FLAGS = new Uint8Array(0x10000)
for (let c = 0; c < 0x10000; c++) {
  const ch = String.fromCharCode(c)
  UNIT_FLAGS[c] = (SENTENCE_END.has(ch) ? SENTENCE_UNIT : 0) | (CLAUSE_END.has(ch) ? CLAUSE_UNIT : 0) | (SOFT_GAP.test(ch) ? SOFT_UNIT : 0)
}

/** SOFT_GAP.test(text.slice(from, to)), without the slice. */
function softGap(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if ((UNIT_FLAGS[text.charCodeAt(k)]! & SOFT_UNIT) === 0) return false
  return true
}
/** The gap after an abbreviation's letter: its full stop, then spaces. */
const ABBREVIATION_GAP = /^\.\s*$/

/**
 * Whether the last token ends right before position `at` and is one Arabic letter (`د` of `د.`); not the era after a
 * year (`1436 هـ.`, `2015 م.`), which may end a sentence.
 */
function abbreviationAt(tokens: Token[], at: number): boolean {
  const last = tokens[tokens.length - 1]
  if (!last || last.e !== at || last.text.length !== 1) return false
  const c = last.text.charCodeAt(0)
  const before = tokens[tokens.length - 2]
  return c >= 0x0621 && c <= 0x064a && !(before && isDigit(before.text.charCodeAt(0)))
}

/** 1 for a letter, 2 for a digit, 0 otherwise, by code unit. */
const KINDS = new Uint8Array(0x10000)
for (let c = 0; c < 0x10000; c++) KINDS[c] = isLetter(c) ? 1 : isDigit(c) ? 2 : 0

function charKind(c: number): number {
  return KINDS[c]!
}

const ALL_TRIES = { roots: -1, rootsExact: -1 }

/** A token's `roots` and `rootsExact`: which indexed tries one of its forms (or the form as written) starts. */
export function rootBits(variants: readonly ProcliticVariant[], roots: ReadonlyMap<string, number>): { roots: number; rootsExact: number } {
  const rootsExact = roots.get(variants[0]!.form) ?? 0
  let any = rootsExact
  for (let k = 1; k < variants.length; k++) any |= roots.get(variants[k]!.form) ?? 0
  return { roots: any, rootsExact }
}

/**
 * Splits normalised text into tokens and sentence/clause indices; with the knowledge base's trie index
 * (`KnowledgeBase.trieRoots`), each token records which of its tries it may start.
 */
export function segment(norm: NormalisedText, trieRoots: ReadonlyMap<string, number> | null = null): Segmentation {
  const text = norm.text
  const tokens: Token[] = []
  const sentences: Sentence[] = []
  let sentence = 0
  let clause = 0
  let sentenceStart = 0
  let sentenceFirstToken = 0
  let prevEnd = 0
  let i = 0
  const n = text.length
  const closeSentence = (at: number): void => {
    if (tokens.length > sentenceFirstToken) {
      sentences.push({ s: sentenceStart, e: at, firstToken: sentenceFirstToken, endToken: tokens.length })
      sentence++
    }
    sentenceStart = at
    sentenceFirstToken = tokens.length
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    const kind = charKind(c)
    if (kind === 0) {
      const flags = UNIT_FLAGS[c]!
      if (flags & SENTENCE_UNIT) {
        // a full stop between digits is a decimal point, not a boundary; after a word of one Arabic letter it marks an
        // abbreviation (`د. صالح`, `م. جمال`, `أ.د.`): Arabic writes no word of one letter on its own
        const stop = c === 46
        const decimal = stop && i > 0 && isDigit(text.charCodeAt(i - 1)) && i + 1 < n && isDigit(text.charCodeAt(i + 1))
        if (!decimal && !(stop && abbreviationAt(tokens, i))) {
          closeSentence(i + 1)
          clause++
        }
      } else if (flags & CLAUSE_UNIT) clause++
      i++
      continue
    }
    let j = i + 1
    while (j < n && charKind(text.charCodeAt(j)) === kind) j++
    const gap = text.slice(prevEnd, i)
    const soft = softGap(text, prevEnd, i) || (ABBREVIATION_GAP.test(gap) && abbreviationAt(tokens, prevEnd))
    const word = text.slice(i, j)
    const variants = procliticVariants(word)
    const { roots, rootsExact } = trieRoots ? rootBits(variants, trieRoots) : ALL_TRIES
    tokens.push({ text: word, s: i, e: j, hardGap: !soft, gap, sentence, clause, variants, roots, rootsExact })
    prevEnd = j
    i = j
  }
  closeSentence(n)
  return { tokens, sentences }
}
