/**
 * Whether a trigger reports something that happened: its status (negated, modal, planned, hypothetical, ongoing), its
 * sense (the lexicon's needsNear / notNear / notAfter / notBefore words), a stated aim (`بهدف شن هجوم`) and a
 * speaker's accusation or claim (`اتهم … بقصف`), which is the speaker's, not the narrator's.
 */
import type { EventStatus } from '../../schemas/annotations.js'
import { hasPreposition, withoutArticle, withoutConjunction } from '../text/affixes.js'
import { type DocContext } from './context.js'
import { wordIn, type Clause } from './event-args.js'
import { DEMONYM_RULE, type EventTrigger } from './kb.js'
import type { EntityStage } from './mentions.js'
import type { Cue } from './quotes.js'

/** Words after a trigger its sense lists look at (`needsNear`, `notNear`). */
const SENSE_WINDOW = 6

/** How far before a statement's cue an accusation verb still governs it (`انتقد أردوغان روسيا …، بقوله إن "…"`). */
const ACCUSATION_REACH = 20

export function statusOf(ctx: DocContext, trig: number, c: Clause, triggerText: string): EventStatus | 'drop' {
  const { tokens, kb } = ctx
  const w = kb.words
  const before = tokens.slice(Math.max(c.a, trig - 3), trig).map((t) => withoutConjunction(t.text))
  const near = before.slice(-2)
  if (before.some((t) => w.negationCues.has(t)) || near.some((t) => w.modalCues.has(t))) return 'drop'
  if (w.plannedCues.has(triggerText) || before.some((t) => w.plannedCues.has(t))) return 'planned'
  // `في حال شن هجوم`, `احتمال انسحاب`, `هددت بمهاجمة`: a possibility, not an occurrence
  for (let k = c.a; k < trig; k++) {
    if (wordIn(w.hypotheticalCues, tokens[k]?.text ?? '') || w.hypotheticalCues.has(`${tokens[k]?.text ?? ''} ${tokens[k + 1]?.text ?? ''}`)) return 'planned'
  }
  const clause = tokens.slice(c.a, c.b).map((t) => withoutConjunction(t.text))
  if (clause.some((t) => w.ongoingCues.has(t))) return 'ongoing'
  return 'occurred'
}

/** Which quotation (by index) a normalised offset lies in, or -1: arguments come from the trigger's own layer. */
export function layerOf(quotes: Array<{ s: number; e: number }>, pos: number): number {
  return quotes.findIndex((q) => pos >= q.s && pos < q.e)
}

/**
 * Whether a trigger states someone's accusation or claim rather than the narrator's report: inside a statement
 * whose cue is an accusation (`اتهمت … بأن`) or, having no subject of its own, is preceded in its sentence, with no
 * other speech cue between, by one (`انتقد أردوغان روسيا …، بقوله إن "… تهاجم …"`, `وتتهمها …، الذين قالت: إنهم
 * "يشنون هجمات"`); outside
 * statements, an accusation earlier in the trigger's own clause (`اتهمت أنقرة قوات النظام بقصف …`).
 */
export function isClaimed(ctx: DocContext, ent: EntityStage, cues: Cue[], quote: QuoteRef | undefined, trig: number, c: Clause): boolean {
  const { tokens, kb } = ctx
  const acc = kb.words.accusationCues
  const cueAt = new Set(cues.map((x) => x.start))
  let from: number
  let stop: number
  let own: Cue | undefined
  if (quote) {
    own = quote.cue !== undefined ? cues[quote.cue] : undefined
    if (!own) return false
    for (let k = own.start; k < own.end; k++) if (wordIn(acc, tokens[k]?.text ?? '')) return true
    // a cue with a subject of its own (`أكد الكرملين أن`) starts a new statement; one without (`بقوله إن`,
    // `الذين قالت إنهم`, `وقال إن`) continues the accusing clause before it
    const cue = own
    if (ent.mentions.some((x) => x.start >= cue.subjectStart && x.start < cue.subjectEnd && x.ruleId !== DEMONYM_RULE)) return false
    from = own.start - 1
    stop = Math.max(0, own.start - ACCUSATION_REACH)
  } else {
    from = trig - 1
    stop = c.a
  }
  const sentence = tokens[from + 1]?.sentence
  for (let k = from; k >= stop; k--) {
    const t = tokens[k]
    if (!t || t.sentence !== sentence) break
    if (wordIn(acc, t.text)) return true
    if (cueAt.has(k)) return false
  }
  return false
}

/** `الهدف من العملية …`, `بهدف شن هجوم`: the trigger names an aim, not something that happened. */
export function isStatedAim(ctx: DocContext, i: number): boolean {
  const { tokens, kb } = ctx
  const goal = kb.words.goalNouns
  const t = tokens[i]
  const p1 = tokens[i - 1]
  if (!t || !p1 || t.hardGap) return false
  if (hasPreposition(p1.text) && goal.has(p1.text)) return true
  const p2 = tokens[i - 2]
  return p1.text === 'من' && !!p2 && !p1.hardGap && wordIn(goal, p2.text)
}

/** A word in a sense list, with or without its article and proclitics (`وقوات`, `القوات` → `قوات`). */
function senseWord(set: Set<string>, text: string): boolean {
  return wordIn(set, text) || wordIn(set, withoutArticle(text))
}

/** Whether a word of `set` is among the `window` words after `end`, within the clause ending at `clauseEnd`. */
function near(ctx: DocContext, set: Set<string>, end: number, clauseEnd: number): boolean {
  for (let i = end; i < Math.min(clauseEnd, end + SENSE_WINDOW); i++) {
    const t = ctx.tokens[i]
    if (!t || (i > end && t.hardGap)) break
    if (senseWord(set, t.text)) return true
  }
  return false
}

/** Whether a word of `set` is among the `window` words before `start`, within its clause (`العقوبات التي تستهدف`). */
function nearBefore(ctx: DocContext, set: Set<string>, start: number): boolean {
  for (let i = start - 1; i >= Math.max(0, start - SENSE_WINDOW); i--) {
    const t = ctx.tokens[i]
    if (!t || ctx.tokens[i + 1]?.hardGap) break
    if (senseWord(set, t.text)) return true
  }
  return false
}

/**
 * The words around the trigger give it another sense: right after it (`تستهدف حل الخلافات`), right before it
 * (`رئيس تحرير`), or close to it in its clause (`انسحاب … من الاتفاق`, `العقوبات التي تستهدف`); or it lacks the word its event sense
 * needs close after it (`نشر` deploys `قوات`, `صواريخ`; otherwise it publishes).
 */
export function otherSense(ctx: DocContext, trig: EventTrigger, start: number, end: number, clauseEnd: number): boolean {
  const next = ctx.tokens[end]
  if (next && !next.hardGap && trig.notBefore.size && (trig.notBefore.has(next.text) || trig.notBefore.has(next.text.replace(/^ال/, '')))) return true
  const prev = ctx.tokens[start - 1]
  if (prev && !ctx.tokens[start]?.hardGap && trig.notAfter.size && senseWord(trig.notAfter, prev.text)) return true
  if (trig.notNear.size && (near(ctx, trig.notNear, end, clauseEnd) || nearBefore(ctx, trig.notNear, start))) return true
  return trig.needsNear.size > 0 && !near(ctx, trig.needsNear, end, clauseEnd)
}

export interface QuoteRef {
  s: number
  e: number
  /** Index of the statement's cue, when known. */
  cue?: number
}
