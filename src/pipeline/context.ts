/**
 * What every stage receives: the document, its normalised text and segmentation, and the local publication date.
 */
import type { PipelineDocument } from '../../schemas/annotations.js'
import { AFFIX_TABLE, hasConjunction, PRONOUN_SUFFIXES, pronounBases, withoutConjunction } from '../text/affixes.js'
import type { KnowledgeBase, SpeechCue } from './kb.js'
import { normaliseText, toBodySpan, type NormalisedText } from './normalise.js'
import { segment, type Segmentation, type Token } from './segment.js'
import { trieMatchAt, type TrieMatch } from './trie.js'

export interface DocContext {
  doc: PipelineDocument
  kb: KnowledgeBase
  norm: NormalisedText
  seg: Segmentation
  tokens: Token[]
  /** Local calendar date of publication (YYYY-MM-DD), or null. */
  pubDate: string | null
}

/** The date part as written: `2020-02-12T00:00:00+03:00` → 2020-02-12 (the outlet's local day). */
export function localPublicationDate(publishedAt: string | null): string | null {
  if (typeof publishedAt !== 'string') return null
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(publishedAt.trim())
  if (!m) return null
  const [, y, mo, d] = m
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) return null
  return `${y}-${mo}-${d}`
}

export function buildContext(doc: PipelineDocument, kb: KnowledgeBase): DocContext {
  const norm = normaliseText(doc.body)
  const seg = segment(norm, kb.trieRoots)
  return { doc, kb, norm, seg, tokens: seg.tokens, pubDate: localPublicationDate(doc.publishedAt) }
}

/** Body span and text for normalised offsets [s, e). */
export function bodySlice(ctx: DocContext, s: number, e: number): { span: { start: number; end: number }; text: string } {
  const span = toBodySpan(ctx.norm, s, e)
  return { span, text: ctx.doc.body.slice(span.start, span.end) }
}

/** Whether a token (with proclitics) is one of the given normalised words. */
export function tokenIs(set: Set<string>, text: string): boolean {
  return set.has(text) || (hasConjunction(text) && set.has(withoutConjunction(text)))
}

/** Complementiser (إن/أن/بأن), possibly with a pronoun suffix (إنه، بأنها، أننا). */
export function isComplementizer(kb: KnowledgeBase, text: string): boolean {
  return complementizerForms(kb).has(text)
}

function complementizerAsWritten(kb: KnowledgeBase, text: string): boolean {
  const t = kb.words.complementizers.has(text) ? text : withoutConjunction(text)
  if (kb.words.complementizers.has(t)) return !kb.words.notReporting.has(t)
  return pronounBases(t, 1).some((base) => !kb.words.notReporting.has(base) && kb.words.complementizers.has(base))
}

/**
 * Every word `complementizerAsWritten` accepts, by knowledge base: a complementiser with an optional conjunction
 * before it and pronoun suffix after it is all it can accept, so the stages ask a set instead (they ask of most tokens).
 */
const COMPLEMENTIZER_FORMS = new WeakMap<KnowledgeBase, ReadonlySet<string>>()
function complementizerForms(kb: KnowledgeBase): ReadonlySet<string> {
  let forms = COMPLEMENTIZER_FORMS.get(kb)
  if (!forms) {
    const accepted = new Set<string>()
    for (const c of kb.words.complementizers) {
      for (const conjunction of ['', ...AFFIX_TABLE.conjunctions]) {
        for (const suffix of ['', ...PRONOUN_SUFFIXES]) {
          const word = conjunction + c + suffix
          if (complementizerAsWritten(kb, word)) accepted.add(word)
        }
      }
    }
    forms = accepted
    COMPLEMENTIZER_FORMS.set(kb, forms)
  }
  return forms
}

/** Whether token i heads a clause: first of its sentence, after punctuation, or after a clause opener (`كما`). */
function clauseInitialAt(ctx: DocContext, i: number): boolean {
  const t = ctx.tokens[i]
  const prev = ctx.tokens[i - 1]
  if (!t || !prev || t.hardGap || prev.sentence !== t.sentence) return true
  return ctx.kb.words.clauseOpeners.has(prev.text)
}

/**
 * The speech verb or participle at token i, if it is one there: a form that is also a common other word (`بين`,
 * between) counts only at the head of a clause.
 */
export function speechCueAt(ctx: DocContext, i: number): TrieMatch<SpeechCue> | null {
  const m = trieMatchAt(ctx.kb.speechTrie, ctx.tokens, i)
  if (!m) return null
  // a verb takes و and ف, never a preposition (`بعد` is "after", not ب + `عد`)
  if (/[بلك]/.test(ctx.tokens[i]?.text.slice(0, m.strip) ?? '')) return null
  if (m.values.every((v) => v.clauseInitial) && !clauseInitialAt(ctx, i)) return null
  return m
}
