/**
 * Reading personal names in running text, shared by every way the entity stage finds a person (after a title,
 * as the subject of a speech verb, in apposition). Arabic script has no capitals: a name is a short run of words
 * that are not function words, lexicon entries or dates, bounded by punctuation or a function word, with evidence
 * from the given-name list and the shape of family names (`الزهراني`, `بن عبدالله`).
 */
import { bodySlice, isComplementizer, tokenIs, type DocContext } from './context.js'
import { trieMatchAt } from './trie.js'
import { DELETED_PATTERN } from '../text/letters.js'
import { hasMasculinePluralEnding, hasPluralEnding, looksDefiniteOnlyNormalised, PRONOUN_SUFFIXES, startsWithArticle, startsWithLil } from '../text/affixes.js'

/** Could token k be part of a personal name? */
export function nameLike(ctx: DocContext, k: number, afterParticle: boolean): boolean {
  const t = ctx.tokens[k]
  if (!t) return false
  const w = ctx.kb.words
  const x = t.text
  if (x.length < 2 || /[0-9]/.test(x)) return false
  // a genealogy particle (`بن`, `بندر آل فهيد`: آل folds to ال, which the next test would refuse)
  if (w.nameParticles.has(x)) return true
  if (!afterParticle && startsWithArticle(x)) return false
  if (spelledNameAt(ctx, k)) return true
  if (w.stopWords.has(x) || w.adjuncts.has(x) || w.orgHeads.has(x) || tokenIs(w.stopWords, x) || tokenIs(w.notNames, x)) return false
  if (isComplementizer(ctx.kb, x)) return false
  if (trieMatchAt(ctx.kb.speechTrie, ctx.tokens, k) || trieMatchAt(ctx.kb.titleTrie, ctx.tokens, k, false)) return false
  if (trieMatchAt(ctx.kb.dateTrie, ctx.tokens, k) || trieMatchAt(ctx.kb.eventTrie, ctx.tokens, k)) return false
  return true
}

/**
 * A definite family name closing a name (`راشد الزهراني`, `محمد المومني`): a nisba in ـي that is not a known
 * word (demonyms and KB names are mentions, so `وزير الخارجية الأمريكي` is never read as a name).
 */
export function surnameLike(ctx: DocContext, k: number): boolean {
  const x = ctx.tokens[k]?.text ?? ''
  if (!startsWithArticle(x) || x.length < 5 || !x.endsWith('ي')) return false
  if (trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, k, false)) return false
  return nameLike(ctx, k, true)
}

/** Tokens that may follow a name: end, punctuation, a function word, a speech verb or a title in apposition. */
export function nameBoundary(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  if (!t || t.hardGap) return true
  const w = ctx.kb.words
  return (
    tokenIs(w.stopWords, t.text) || tokenIs(w.adjuncts, t.text) || tokenIs(w.appositionWords, t.text) || isComplementizer(ctx.kb, t.text) ||
    tokenIs(w.relativePronouns, t.text) ||
    !!trieMatchAt(ctx.kb.speechTrie, ctx.tokens, k) ||
    // a title in apposition (`جون نيكولسون قائد القوات`, `محمد الزعبي المدير الطبي`)
    !!trieMatchAt(ctx.kb.titleTrie, ctx.tokens, k, false)
  )
}

/** Whether token k opens a compound given name (`عبد الله`, `أبو بكر` written apart). */
export function nameOpenerAt(ctx: DocContext, k: number): boolean {
  return ctx.kb.words.nameOpeners.has(ctx.tokens[k]?.text ?? '')
}

/**
 * Evidence that a personal name starts at token k: a listed given name (Arabic or foreign, never one that is also a
 * common word), or a compound name (`عبدالعظيم`, `عبد الله`, `أبو بكر`).
 */
export function givenNameAt(ctx: DocContext, k: number): boolean {
  const x = ctx.tokens[k]?.text ?? ''
  return ctx.kb.words.givenNames.has(x) || spelledNameAt(ctx, k) || nameOpenerAt(ctx, k) || ctx.kb.words.joinedNamePrefixes.some((p) => x.startsWith(p) && x.length > p.length + 1)
}

/** Whether token k is an ambiguous name the body spells as the name (`علي`, where `على` is the preposition). */
export function spelledNameAt(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  if (!t || ctx.kb.words.spelledNames.size === 0) return false
  return ctx.kb.words.spelledNames.has(bodySlice(ctx, t.s, t.e).text.replace(DELETED_PATTERN, ''))
}

/**
 * A noun carrying a possessive pronoun (`زيارته`, `حكومتها`, `سفيرها`, `نفسها`) is never part of a personal name: it
 * ends one (`سمير جعجع زيارته` is Samir Geagea). Normalised text cannot tell `ـته` (his …) from a name in `ـتة`
 * (`شحاتة`), so that ending is checked in the body.
 */
export function possessiveAt(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  if (!t) return false
  const x = t.text
  if (PRONOUN_SUFFIXES.some((s) => s.length >= 2 && x.endsWith('ت' + s)) || (x.length >= 5 && x.endsWith('ها'))) return true
  return x.length >= 4 && x.endsWith('ته') && bodySlice(ctx, t.s, t.e).text.replace(DELETED_PATTERN, '').slice(-1) !== 'ة'
}

export interface NameRun {
  start: number
  /** Exclusive. */
  end: number
  /** The run ended before a noun with a possessive pronoun (`… زيارته`): a boundary in itself. */
  possessive: boolean
}

/** How many words a personal name may have, genealogy particles (`بن`, `آل`) not counted. */
const MAX_NAME_WORDS = 4

/**
 * The run of name words from token j: at most four, joined by soft gaps, never across a mention (`isMention`) or a
 * subject-lexicon head; it ends after a definite family name (`راشد الزهراني`; right after a listed given name also
 * `عصام الريس`), before a possessive noun, an accusative participle of manner (`متهكما`) or a preposition-plus-article
 * word (`للصحفيين`). Plural nouns and feminine or plural nisbas are descriptions, not names (`مسؤولون`, `إيرانية`): then
 * null, unless the run opens with a listed given name. `opensName`: what stands before (a title that addresses its holder
 * by name, `الشيخ خميس الخنجر`) vouches that the first word is a given name, listed or not.
 */
export function readNameRun(ctx: DocContext, j: number, limit: number, isMention: (k: number) => boolean, opensName = false): NameRun | null {
  const { tokens, kb } = ctx
  let k = j
  let afterParticle = false
  let possessive = false
  let genealogy = false
  let words = 0
  while (k < limit && words < MAX_NAME_WORDS) {
    const t = tokens[k]
    if (!t || (k > j && t.hardGap) || isMention(k)) break
    if (k > j + 1 && possessiveAt(ctx, k)) {
      possessive = true
      break
    }
    if (trieMatchAt(kb.subjectTrie, tokens, k)) break
    // a participle (`مضيفا`, `مبتسماً`) ends a name; after a listed given name only a speech participle or one written
    // with its tanween does (`دييغو مارادونا`, `ماتياس مورلا` have that shape)
    if (k > j && t.text.length >= 5 && t.text.startsWith('م') && t.text.endsWith('ا') && (!givenNameAt(ctx, j) || trieMatchAt(kb.speechTrie, tokens, k) || tanween(ctx, t.s, t.e))) break
    if (k > j && !afterParticle && surnameLike(ctx, k)) {
      k++
      break
    }
    // right after a listed given name, a compound one (`عبد الرحمن العلي`) or a genealogy (`خالد بن صالح المديفر`), a
    // definite word is the family name
    if ((k === j + 1 ? (opensName || givenNameAt(ctx, j)) && !nameOpenerAt(ctx, j) : genealogy || (k === j + 2 && nameOpenerAt(ctx, j))) && !afterParticle && startsWithArticle(t.text) && !kb.words.nameParticles.has(t.text) && nameLike(ctx, k, true)) {
      // (a family name of two words: `العبد اللطيف`)
      const next = tokens[k + 1]
      k += kb.words.surnameFirstWords.has(t.text) && next && !next.hardGap && startsWithArticle(next.text) && nameLike(ctx, k + 1, true) ? 2 : 1
      break
    }
    // (a family name written with a hamza is no article: `زاركو ألفيريفتش`)
    const written = k > j && looksDefiniteOnlyNormalised(bodySlice(ctx, t.s, t.e).text)
    if (!nameLike(ctx, k, afterParticle || written) || startsWithLil(t.text)) break
    // (after a listed given name they are family names: `بيل كلينتون`, `بوريس جونسون`)
    if (!givenNameAt(ctx, j) && (hasMasculinePluralEnding(t.text) || (k > j && /(يه|يين|يون)$/.test(t.text)))) return null
    afterParticle = kb.words.nameParticles.has(t.text)
    if (afterParticle && k > j) genealogy = true
    if (!afterParticle) words++
    k++
  }
  if (afterParticle) k--
  return k > j ? { start: j, end: k, possessive } : null
}

/** Whether token k is written with its final tanween (`دوماً`, always): an adverb or a noun, never a proper name. */
export function tanweenAt(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  return !!t && tanween(ctx, t.s, t.e)
}

/**
 * Whether a word may stand alone for a person named in full (`المالكي`, `غوارديولا`): three letters or more, and not
 * a word that, once folded, is also a function word (`علي` is `على`).
 */
export function surnameAlias(ctx: DocContext, word: string): boolean {
  return word.length >= 3 && !tokenIs(ctx.kb.words.stopWords, word)
}

/** A word written with its final tanween (`مبتسماً`): an adverbial accusative, never a name. */
function tanween(ctx: DocContext, s: number, e: number): boolean {
  const { span, text } = bodySlice(ctx, s, e)
  return /[\u064b\u064c\u064d]$/.test(text) || /^[\u064b\u064c\u064d]/.test(ctx.doc.body.slice(span.end, span.end + 1))
}


/**
 * Evidence that a run of words with no title before it is a personal name and not a noun phrase (`معلومات سابقة`):
 * a listed given name first, a family name last (`جديع القحطاني`), a genealogy (`بن`), or only words that do not look
 * like Arabic nouns (transliterated names: `ستيفن كيتس`, `يائير لابيد`).
 */
export function nameEvidence(ctx: DocContext, start: number, end: number): boolean {
  const { tokens, kb } = ctx
  if (givenNameAt(ctx, start) || kb.words.ambiguousNames.has(tokens[start]?.text ?? '') || surnameLike(ctx, end - 1)) return true
  for (let k = start; k < end; k++) if (kb.words.nameParticles.has(tokens[k]?.text ?? '')) return true
  for (let k = start; k < end; k++) {
    const t = tokens[k]
    if (!t || hasPluralEnding(t.text) || bodySlice(ctx, t.s, t.e).text.endsWith('ة')) return false
  }
  return true
}

/** A discovered name as shown: the body's words without quotation marks or hashtag marks (`#الشرطة_النمساوية`). */
export function displayName(text: string): string {
  return text.replace(/["“”«»„‟#]/g, '').replace(/_/g, ' ').replace(/\s+/g, ' ').trim()
}
