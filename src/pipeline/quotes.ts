/**
 * Statements. Quote marks are paired with a stack (so `"… "إم-4" …"` nests and a stray closing mark is ignored).
 * A statement needs a speech cue: a verb or participle followed — across its subject and adjuncts — by a colon,
 * a complementiser (إن/أن/بأن) or a clause-like quotation. Short or name-only quotations (scare quotes, agency
 * names) are stepped over. Indirect content runs to the end of the sentence or to a `، مضيفاً`-style continuation.
 */
import { bodySlice, isComplementizer, speechCueAt, tokenIs, type DocContext } from './context.js'
import type { EntityStage } from './mentions.js'
import { attributionAt } from './attributions.js'
import { trieMatchAt } from './trie.js'

export interface QuoteMarkSpan {
  open: number
  close: number
  depth: number
}

export interface Cue {
  id: string
  kind: 'verb' | 'participle'
  start: number
  end: number
  sentence: number
  /** Token range of the subject/adjunct region between cue and content. */
  subjectStart: number
  subjectEnd: number
  /** Index into the quote list, when the cue introduced a statement. */
  quote: number | null
}

export interface RawQuote {
  kind: 'direct' | 'indirect'
  s: number
  e: number
  cue: number
  ruleId: string
  confidence: number
  sentence: number
}

const OPENERS = new Set(['“', '„', '«', '‟'])
const CLOSERS = new Set(['”', '»'])
/** The quotation marks, flagged by code unit (every character of every body is looked up). */
const QUOTE_CHARS = new Uint8Array(0x10000)
for (const ch of ['"', '“', '”', '«', '»', '„', '‟']) QUOTE_CHARS[ch.charCodeAt(0)] = 1
const isWordChar = (ch: string | undefined): boolean => !!ch && /[\p{L}\p{N}]/u.test(ch)

function markRole(text: string, p: number): 'open' | 'close' | 'either' {
  const ch = text[p] ?? ''
  const prev = text[p - 1]
  const next = text[p + 1]
  const leftTight = isWordChar(prev) || (!!prev && /[.،,!?؟)]/.test(prev))
  const rightTight = isWordChar(next)
  if (OPENERS.has(ch)) return leftTight && !rightTight ? 'close' : 'open'
  if (CLOSERS.has(ch)) return !leftTight && rightTight ? 'open' : 'close'
  if (!leftTight && rightTight) return 'open'
  if (leftTight && !rightTight) return 'close'
  return 'either'
}

/** Paired quotation marks (normalised offsets of the marks). Unclosed openings are dropped at paragraph ends. */
export function quoteMarkSpans(text: string): QuoteMarkSpan[] {
  const out: QuoteMarkSpan[] = []
  const stack: number[] = []
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p)
    if (c === 10) {
      stack.length = 0
      continue
    }
    if (QUOTE_CHARS[c] === 0) continue
    let role = markRole(text, p)
    if (role === 'either') role = stack.length ? 'close' : 'open'
    if (role === 'open') {
      if (stack.length < 8) stack.push(p)
    } else {
      const open = stack.pop()
      if (open !== undefined) out.push({ open, close: p, depth: stack.length })
    }
  }
  return out.sort((a, b) => a.open - b.open)
}

interface QuoteView {
  span: QuoteMarkSpan
  firstToken: number
  endToken: number
}

function quoteViews(ctx: DocContext, spans: QuoteMarkSpan[]): Map<number, QuoteView> {
  // keyed by the index of the first token inside the quote
  const byToken = new Map<number, QuoteView>()
  const { tokens } = ctx
  let t = 0
  for (const span of spans) {
    if (span.depth !== 0) continue
    while (t < tokens.length && (tokens[t]?.s ?? 0) < span.open) t++
    let u = t
    while (u < tokens.length && (tokens[u]?.e ?? 0) <= span.close) u++
    if (u > t) byToken.set(t, { span, firstToken: t, endToken: u })
  }
  return byToken
}

/**
 * A short quotation (a programme, an outlet: `لشبكة "ايه بي سي نيوز"`) followed shortly by a complementiser or colon
 * is a name inside the subject phrase, not what is said.
 */
const NAME_QUOTE_REACH = 8
const NAME_QUOTE_WORDS = 5

/**
 * Whether what a cue reports still lies ahead after token k: a complementiser or a colon follows shortly in the same
 * sentence, before another cue.
 */
function reportFollows(ctx: DocContext, k: number, sentence: number): boolean {
  const { tokens, kb } = ctx
  for (let j = k; j < tokens.length && j - k < NAME_QUOTE_REACH; j++) {
    const t = tokens[j]
    if (!t || t.sentence !== sentence || speechCueAt(ctx, j)) return false
    if (t.gap.includes(':') || isComplementizer(kb, t.text)) return true
  }
  return false
}

/** A quotation that is only a name (`"إنترفاكس"`) or too short to be a clause is a term, not a statement. */
function clauseLike(ctx: DocContext, ent: EntityStage, q: QuoteView, minTokens: number): boolean {
  const n = q.endToken - q.firstToken
  if (n < minTokens) return false
  const m = ent.mentionAt.get(q.firstToken)
  if (m && m.end >= q.endToken) return false
  return true
}

function gapHasColon(ctx: DocContext, k: number): boolean {
  return (ctx.tokens[k]?.gap ?? '').includes(':')
}

/** End (exclusive token) of an indirect clause starting at c: the sentence end, or a comma before a new cue or the narrator. */
function indirectEnd(ctx: DocContext, c: number, sentence: number): number {
  const { tokens, kb } = ctx
  let k = c
  while (k < tokens.length && tokens[k]?.sentence === sentence) {
    const t = tokens[k]
    // after a comma: a continuation (`، مضيفاً`), another statement (`، وقال الجبير:`), or the narrator again
    // (`، وذلك بعد أيام`)
    if (k > c && t && /[،,]/.test(t.gap) && (speechCueAt(ctx, k) || trieMatchAt(kb.resumerTrie, tokens, k, false))) break
    k++
  }
  return k
}

function trimEnd(text: string, s: number, e: number): number {
  let end = e
  while (end > s && /[\s.،,:;؛!?؟]/.test(text[end - 1] ?? '')) end--
  return end
}

/** من: a preposition, or the relative "who". */
const WHO_OR_FROM = 'من'
/** أن / إن / ان as normalised. */
const BARE_AN = 'ان'

/**
 * Whether the complementiser at token k belongs to the word before it rather than to a speech verb earlier in the
 * sentence: `بعد أن`, `يجب أن`, `من شأنه أن`, `نحاول أن` (أنْ + verb, "to"; function-words.json `ownComplement`).
 * Only a bare أن can be that: with a pronoun (أنه) it is أنّ "that", and إن (spelled with hamza below, as in the body)
 * always reports.
 */
function ownComplement(ctx: DocContext, k: number, cueEnd: number): boolean {
  if (k <= cueEnd) return false
  const t = ctx.tokens[k]
  if (!t || t.text !== BARE_AN) return false
  if (!tokenIs(ctx.kb.words.ownComplement, ctx.tokens[k - 1]?.text ?? '')) return false
  return !bodySlice(ctx, t.s, t.e).text.startsWith('إ')
}

export interface QuoteStage {
  quotes: RawQuote[]
  cues: Cue[]
  marks: QuoteMarkSpan[]
}

export function findQuotes(ctx: DocContext, ent: EntityStage): QuoteStage {
  const { tokens, kb, norm } = ctx
  const marks = quoteMarkSpans(norm.text)
  const views = quoteViews(ctx, marks)
  const quotes: RawQuote[] = []
  const cues: Cue[] = []
  const covered: Array<[number, number]> = []
  const inside = (pos: number): boolean => covered.some(([s, e]) => pos >= s && pos < e)
  for (let i = 0; i < tokens.length; i++) {
    const m = speechCueAt(ctx, i)
    if (!m) {
      const at = attributionAt(ctx, ent, i, (from, sentence) => indirectEnd(ctx, from, sentence))
      const from = tokens[at?.claimStart ?? 0]?.s ?? 0
      if (!at || inside(from)) continue
      const e = trimEnd(norm.text, from, tokens[at.claimEnd - 1]?.e ?? from)
      const sentence = tokens[i]?.sentence ?? 0
      cues.push({ id: 'speech.attribution', kind: 'verb', start: at.start, end: at.end, sentence, subjectStart: at.sourceStart, subjectEnd: at.sourceEnd, quote: quotes.length })
      quotes.push({ kind: 'indirect', s: from, e, cue: cues.length - 1, ruleId: 'quote.indirect.attribution', confidence: 0.7, sentence })
      covered.push([from, e])
      i = Math.max(i, at.sourceEnd - 1)
      continue
    }
    const key = m.values[0]
    if (!key) continue
    if (key.kind === 'impersonal') {
      i = m.end - 1
      continue
    }
    const tok = tokens[i]
    if (!tok || inside(tok.s)) continue
    // after a preposition the word is a verbal noun (`في كشف`, `عن إعلان`), not a verb that reports (من is also
    // "who": `من قال إن`, `ثمة من يرى أن` report)
    const prev = i > 0 && !tok.hardGap && tokens[i - 1]?.sentence === tok.sentence ? (tokens[i - 1]?.text ?? '') : ''
    if ((prev !== WHO_OR_FROM && kb.words.adjuncts.has(prev)) || kb.words.verbalNounBefore.has(prev)) continue
    const sentence = tok.sentence
    const participle = key.kind === 'participle'
    const limit = participle ? 4 : 30
    let k = m.end
    let content: RawQuote | null = null
    let subjectEnd = k
    while (k < tokens.length && k - m.end < limit && tokens[k]?.sentence === sentence) {
      const t = tokens[k]
      if (!t) break
      const q = views.get(k)
      const leadIn = gapHasColon(ctx, k) || k === m.end || isComplementizer(kb, tokens[k - 1]?.text ?? '')
      if (q) {
        if (!leadIn && q.endToken - q.firstToken <= NAME_QUOTE_WORDS && reportFollows(ctx, q.endToken, sentence)) {
          // `لشبكة "ايه بي سي نيوز" السبت، إنّ …`, `برنامج "من يد رقم 10" …:`: a quoted name; the report comes after
          k = q.endToken
          continue
        }
        if (clauseLike(ctx, ent, q, leadIn ? 2 : 4)) {
          subjectEnd = k
          content = { kind: 'direct', s: q.span.open + 1, e: q.span.close, cue: cues.length, ruleId: leadIn ? 'quote.direct.cue-adjacent' : 'quote.direct.after-subject', confidence: 0.9, sentence }
          break
        }
        k = q.endToken
        continue
      }
      // the first complementiser after the cue belongs to another word: what follows is not this cue's report (a
      // later one is as a rule another clause's: `على أن يتم`, `عقب أن قضى`)
      if (isComplementizer(kb, t.text) && ownComplement(ctx, k, m.end)) break
      if (isComplementizer(kb, t.text)) {
        subjectEnd = k
        const c = k + 1
        const qq = views.get(c)
        if (qq && clauseLike(ctx, ent, qq, 2) && (tokens[qq.endToken]?.sentence !== sentence || (tokens[qq.endToken]?.gap ?? '').match(/[.،,]/))) {
          content = { kind: 'direct', s: qq.span.open + 1, e: qq.span.close, cue: cues.length, ruleId: 'quote.direct.complementizer', confidence: 0.9, sentence }
        } else if (tokens[c]?.sentence === sentence) {
          const end = indirectEnd(ctx, c, sentence)
          const s = tokens[c]?.s ?? 0
          const e = trimEnd(norm.text, s, tokens[end - 1]?.e ?? s)
          if (end - c >= 2) content = { kind: 'indirect', s, e, cue: cues.length, ruleId: participle ? 'quote.indirect.participle' : 'quote.indirect.complementizer', confidence: 0.8, sentence }
        }
        break
      }
      if (k > m.end && gapHasColon(ctx, k) && !participle) {
        subjectEnd = k
        const end = indirectEnd(ctx, k, sentence)
        const s = tokens[k]?.s ?? 0
        const e = trimEnd(norm.text, s, tokens[end - 1]?.e ?? s)
        if (end - k >= 3) content = { kind: 'direct', s, e, cue: cues.length, ruleId: 'quote.direct.colon-unmarked', confidence: 0.6, sentence }
        break
      }
      const other = speechCueAt(ctx, k)
      // (a verbal noun, `فضل عدم ذكر اسمه`, is no other cue)
      if (other && other.values.some((v) => v.kind !== 'impersonal') && !kb.words.verbalNounBefore.has(tokens[k - 1]?.text ?? '')) break
      k++
    }
    cues.push({ id: key.id, kind: participle ? 'participle' : 'verb', start: i, end: m.end, sentence, subjectStart: m.end, subjectEnd: content ? subjectEnd : Math.min(k, m.end + 8), quote: content ? quotes.length : null })
    if (content && content.e > content.s) {
      quotes.push(content)
      covered.push([content.s, content.e])
    }
    i = m.end - 1
  }
  return { quotes, cues, marks }
}
