/**
 * Events from trigger lexicons, with arguments read from the trigger's clause: actors and places (entity
 * mentions), death toll (digits or number words, with a qualifier such as `أكثر من`), status (future/planned
 * cues, continuing cues) and the date governing the sentence. Triggers of one type close together in a sentence
 * make one event. Negated or merely demanded events (`لم تنسحب`, `بحاجة للحفاظ على وقف إطلاق النار`) are dropped, and
 * so are triggers that are not the narrator reporting an occurrence: a speaker's accusation or claim (a trigger in a
 * statement governed by `اتهم`/`انتقد`/`زعم`), a stated aim (`الهدف من العملية … هو`, `بهدف شن`) and a verb in another
 * sense (`تستهدف حل الخلافات`). A referring mention (`المفاوضات`, `اجتماع بين الجانبين`) with no date of its own that
 * matches an earlier event of its type is a second mention of that event. Places come from the trigger's clause, else
 * from the nearest clause of its sentence that no other trigger claims, else the article's main theatre; a capital
 * or country is a place only where the text makes it the scene (`في أنقرة`, `بسوريا`), and a village brings the
 * regions it is part of.
 */
import type { DateValue } from '../../schemas/common.js'
import type { EventStatus, EventType } from '../../schemas/annotations.js'
import { hasPreposition, isDefinite, pronounBases, procliticVariants, withoutArticle, withoutConjunction } from '../text/affixes.js'
import { type DocContext } from './context.js'
import type { DateExpr } from './dates.js'
import type { EntityStage, TokMention } from './entities.js'
import { DEMONYM_RULE, type EventTrigger } from './kb.js'
import type { Cue } from './quotes.js'
import { trieMatchAt } from './trie.js'

export interface RawEvent {
  type: EventType
  status: EventStatus
  date: DateValue | null
  locationIds: string[]
  actorIds: string[]
  fatalities: number | null
  fatalitiesQualifier: 'exact' | 'at_least' | 'about' | 'at_most' | null
  s: number
  e: number
  trigger: string
  confidence: number
  ruleId: string
}

const ACTOR_TYPES = new Set(['person', 'organization', 'country', 'armed_group'])
const MERGE_DISTANCE = 15
/** Words after a trigger its sense lists look at (`needsNear`, `notNear`). */
const SENSE_WINDOW = 6
const EVIDENCE_AFTER = 10
const INHERIT_SENTENCES = 4
/** How far before a statement's cue an accusation verb still governs it (`انتقد أردوغان روسيا …، بقوله إن "…"`). */
const ACCUSATION_REACH = 20
/** Rule id of a mention folded into an earlier event of the same article. */
export const COREF_RULE = 'event.coref'
/** Types whose place, when unstated, is the article's main theatre. */
const THEATRE_TYPES = new Set(['attack', 'territorial_control', 'deployment', 'displacement', 'ceasefire', 'withdrawal'])

interface Clause {
  a: number
  b: number
}

/** Token range of the clause around i: bounded by commas/semicolons and the sentence. */
function clauseOf(ctx: DocContext, i: number): Clause {
  const { tokens } = ctx
  const t = tokens[i]
  if (!t) return { a: i, b: i }
  let a = i
  while (a > 0 && tokens[a - 1]?.clause === t.clause) a--
  let b = i + 1
  while (b < tokens.length && tokens[b]?.clause === t.clause) b++
  return { a, b }
}

function isActor(ctx: DocContext, m: TokMention): boolean {
  const e = ctx.kb.entities.get(m.entityId)
  return m.entityId.startsWith('person:') || (!!e && ACTOR_TYPES.has(e.type))
}
function isPlace(ctx: DocContext, m: TokMention): boolean {
  return ctx.kb.entities.get(m.entityId)?.type === 'place'
}

/** Whether a word (with proclitics و/ف/ب and a pronoun suffix allowed) is in a set: `وتتهمها` → `تتهم`. */
function wordIn(set: Set<string>, text: string): boolean {
  for (const { form } of procliticVariants(text)) {
    if (set.has(form) || pronounBases(form).some((b) => set.has(b))) return true
  }
  return false
}

/**
 * A capital or country mention is the scene of an event only when the text makes it one: a locative proclitic
 * (`بسوريا`) or a locative word before it (`في أنقرة`, `العاصمة أنقرة`). Otherwise it stands for a government
 * (`تحذيرات أنقرة`, `فصائل مدعومة من تركيا`).
 */
function locativeMention(ctx: DocContext, m: TokMention): boolean {
  const first = ctx.tokens[m.start]
  if (!first) return false
  const proclitics = ctx.norm.text.slice(first.s, m.s)
  if (proclitics.includes('ب')) return true
  const prev = ctx.tokens[m.start - 1]
  return !!prev && !first.hardGap && wordIn(ctx.kb.words.locativeCues, prev.text)
}

/** Where an event can take place: sub-national places, and capitals or countries named as the scene. */
function sceneOf(ctx: DocContext, m: TokMention): boolean {
  const e = ctx.kb.entities.get(m.entityId)
  if (!e) return false
  if (e.type === 'place') return !e.capitalOf || locativeMention(ctx, m)
  return e.type === 'country' && locativeMention(ctx, m)
}

/** A place and the sub-national regions it lies in (`معزراف` → `جبل الزاوية` → `إدلب`), most specific first. */
function withRegions(ctx: DocContext, ids: string[]): string[] {
  const out = [...ids]
  for (const id of ids) {
    let cur = ctx.kb.entities.get(id)
    for (let depth = 0; cur?.partOf && depth < 4; depth++) {
      const up = ctx.kb.entities.get(cur.partOf)
      if (!up || up.type !== 'place' || up.capitalOf) break
      if (!out.includes(up.id)) out.push(up.id)
      cur = up
    }
  }
  return out
}

/** Whether two places are the same or one lies in the other. */
function placesRelated(ctx: DocContext, a: string, b: string): boolean {
  return withRegions(ctx, [a]).includes(b) || withRegions(ctx, [b]).includes(a)
}

function numberAt(ctx: DocContext, k: number): { value: number; end: number } | null {
  const t = ctx.tokens[k]
  if (!t) return null
  if (/^[0-9]+$/.test(t.text)) {
    const v = Number(t.text)
    return v < 1_000_000 ? { value: v, end: k + 1 } : null
  }
  const n = trieMatchAt(ctx.kb.numberTrie, ctx.tokens, k)
  if (!n) return null
  // `الاثنتي عشرة نقطة`, `الأول`: ordinals and definite numbers are not tolls
  const raw = ctx.tokens[k]?.text ?? ''
  if (/^(ال|وال)/.test(raw) && !raw.startsWith('الاف')) return null
  return { value: n.values[0]?.value ?? 0, end: n.end }
}

/** Death toll: a number (with qualifier) and a casualty noun within a few words after a fatality cue. */
function fatalities(ctx: DocContext, c: Clause): { n: number; q: RawEvent['fatalitiesQualifier'] } | null {
  const { tokens, kb } = ctx
  const w = kb.words
  const isCue = (k: number): boolean => {
    const t = tokens[k]?.text ?? ''
    return procliticVariants(t).some((v) => w.fatalityCues.has(v.form))
  }
  const isNoun = (k: number): boolean => {
    const t = tokens[k]?.text ?? ''
    return procliticVariants(t).some((v) => w.evidenceNouns.has(v.form))
  }
  for (let cue = c.a; cue < c.b; cue++) {
    if (!isCue(cue)) continue
    for (let k = cue + 1; k < Math.min(c.b, cue + 4); k++) {
      const q = trieMatchAt(kb.qualifierTrie, tokens, k)
      const num = numberAt(ctx, q ? q.end : k)
      if (num && isNoun(num.end)) return { n: num.value, q: q ? (q.values[0]?.qualifier ?? 'exact') : 'exact' }
    }
  }
  return null
}

function statusOf(ctx: DocContext, trig: number, c: Clause, triggerText: string): EventStatus | 'drop' {
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

/**
 * The date for a sentence: its nearest non-speech date, else its speech date, else one inherited nearby. An
 * inherited date keeps its range but has empty `text` (the schema's mark of a date not written for this event), so
 * that clustering can tell it apart from a stated one.
 */
function dateFor(dates: DateExpr[], speechDates: Set<DateExpr>, sentence: number, trig: number): DateValue | null {
  const here = dates.filter((d) => d.sentence === sentence)
  const pick = (xs: DateExpr[]): DateExpr | undefined => xs.sort((a, b) => Math.abs(a.start - trig) - Math.abs(b.start - trig))[0]
  const best = pick(here.filter((d) => !speechDates.has(d))) ?? pick(here)
  if (best) return best.value
  const prior = dates.filter((d) => d.sentence < sentence && sentence - d.sentence <= INHERIT_SENTENCES && d.value.precision === 'day')
  const last = prior[prior.length - 1]
  return last ? { ...last.value, text: '' } : null
}

/** Dates that tell when something was said (`قالت روسيا، يوم أمس الاثنين، إن`). */
export function speechDatesOf(dates: DateExpr[], cues: Cue[]): Set<DateExpr> {
  const out = new Set<DateExpr>()
  for (const d of dates) if (cues.some((c) => c.sentence === d.sentence && d.start >= c.end && d.start <= c.subjectEnd + 1 && d.start - c.end <= 12)) out.add(d)
  return out
}

/** The article's main theatre: the most mentioned sub-national place. */
function theatre(ctx: DocContext, ent: EntityStage): string | null {
  const counts = new Map<string, number>()
  for (const m of ent.mentions) {
    const e = ctx.kb.entities.get(m.entityId)
    if (e?.type === 'place' && !e.capitalOf && e.placeType !== 'road') counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  }
  let best: string | null = null
  let n = 0
  for (const [id, c] of counts) if (c > n) [best, n] = [id, c]
  return best
}

/** Which quotation (by index) a normalised offset lies in, or -1: arguments come from the trigger's own layer. */
function layerOf(quotes: Array<{ s: number; e: number }>, pos: number): number {
  return quotes.findIndex((q) => pos >= q.s && pos < q.e)
}

/** `قصف سوري`, `رتل عسكري تركي`, `بدعم روسي`: a nationality adjective right after the trigger names forces. */
function adjectiveActors(ctx: DocContext, from: number, to: number): string[] {
  const out: string[] = []
  for (let k = from; k < Math.min(to, from + 3); k++) {
    const t = ctx.tokens[k]
    if (!t || t.hardGap) break
    const id = ctx.kb.militaryAdjectives.get(t.text)
    if (id) out.push(id)
  }
  return out
}

/**
 * Whether a trigger states someone's accusation or claim rather than the narrator's report: inside a statement
 * whose cue is an accusation (`اتهمت … بأن`) or, having no subject of its own, is preceded in its sentence, with no
 * other speech cue between, by one (`انتقد أردوغان روسيا …، بقوله إن "… تهاجم …"`, `وتتهمها …، الذين قالت: إنهم
 * "يشنون هجمات"`); outside
 * statements, an accusation earlier in the trigger's own clause (`اتهمت أنقرة قوات النظام بقصف …`).
 */
function isClaimed(ctx: DocContext, ent: EntityStage, cues: Cue[], quote: QuoteRef | undefined, trig: number, c: Clause): boolean {
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
function isStatedAim(ctx: DocContext, i: number): boolean {
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
function otherSense(ctx: DocContext, trig: EventTrigger, start: number, end: number, clauseEnd: number): boolean {
  const next = ctx.tokens[end]
  if (next && !next.hardGap && trig.notBefore.size && (trig.notBefore.has(next.text) || trig.notBefore.has(next.text.replace(/^ال/, '')))) return true
  const prev = ctx.tokens[start - 1]
  if (prev && !ctx.tokens[start]?.hardGap && trig.notAfter.size && senseWord(trig.notAfter, prev.text)) return true
  if (trig.notNear.size && (near(ctx, trig.notNear, end, clauseEnd) || nearBefore(ctx, trig.notNear, start))) return true
  return trig.needsNear.size > 0 && !near(ctx, trig.needsNear, end, clauseEnd)
}

interface QuoteRef {
  s: number
  e: number
  /** Index of the statement's cue, when known. */
  cue?: number
}

interface WorkEvent extends RawEvent {
  sentence: number
  lastTok: number
  /** A non-speech date in the trigger's own clause. */
  ownDate: boolean
  /** Definite noun (verbs such as `التقى` only look definite) or anaphoric participants (`الجانبين`): may refer to
   * an event already reported. */
  referring: boolean
  corefers: boolean
  /** Places written in the trigger's clause (before any fallback). */
  ownPlaces: string[]
  pos: string
}

/** Actors with their affiliations (`القوات الروسية` → `روسيا`), for comparing the parties of two mentions. */
function partyClosure(ctx: DocContext, ids: string[]): Set<string> {
  const out = new Set(ids)
  for (const id of ids) {
    const aff = ctx.kb.entities.get(id)?.affiliation
    if (aff) out.add(aff)
  }
  return out
}

/**
 * The earlier event of the same type a referring mention stands for: one with compatible parties (none named, or
 * one shared, affiliations counted) and places (none named, or the same place or one inside the other). Coreferent
 * mentions are not antecedents themselves: they point to the event they joined.
 */
function antecedent(ctx: DocContext, events: WorkEvent[], ev: WorkEvent): WorkEvent | undefined {
  const mine = partyClosure(ctx, ev.actorIds)
  let best: WorkEvent | undefined
  let bestScore = -1
  for (let k = events.length - 1; k >= 0; k--) {
    const a = events[k]
    if (!a) continue
    if (a.type !== ev.type || a.ruleId === COREF_RULE) continue
    const theirs = partyClosure(ctx, a.actorIds)
    const shared = [...mine].filter((x) => theirs.has(x)).length
    if (ev.actorIds.length && !shared) continue
    const placed = ev.ownPlaces.filter((p) => a.ownPlaces.some((q) => placesRelated(ctx, p, q))).length
    if (ev.ownPlaces.length && !placed) continue
    // most shared parties and places, then a description of the same kind (`المباحثات` → `المفاوضات …`, not `توجه
    // وفد`), then the nearest
    const score = 2 * (shared + placed) + (a.pos === ev.pos ? 1 : 0)
    if (score > bestScore) [best, bestScore] = [a, score]
  }
  return best
}

export function findEvents(
  ctx: DocContext,
  ent: EntityStage,
  dates: DateExpr[],
  cues: Cue[],
  quotes: QuoteRef[],
  exclude: Array<{ s: number; e: number }>
): RawEvent[] {
  const { tokens, kb } = ctx
  const speechDates = speechDatesOf(dates, cues)
  const main = theatre(ctx, ent)
  let events: WorkEvent[] = []
  // every trigger position first: a place in a neighbouring clause belongs to the trigger it is nearest to
  const triggerAt: number[] = []
  for (let i = 0; i < tokens.length; i++) {
    const m = trieMatchAt(kb.eventTrie, tokens, i)
    if (m) {
      triggerAt.push(i)
      i = m.end - 1
    }
  }
  let nthTrigger = -1
  let aimEnd = -1
  for (let i = 0; i < tokens.length; i++) {
    const m = trieMatchAt(kb.eventTrie, tokens, i)
    if (!m) continue
    nthTrigger++
    const trig = m.values[0]
    if (!trig) continue
    const t = tokens[i]
    if (!t) continue
    const c = clauseOf(ctx, i)
    const layer = layerOf(quotes, t.s)
    const overlapsMention = ent.mentions.some((x) => x.start < m.end && m.start < x.end)
    const prevWord = withoutConjunction(tokens[i - 1]?.text ?? '')
    // A bare nationality adjective is not an event argument (military ones are handled by adjectiveActors).
    const usable = (x: TokMention): boolean =>
      x.ruleId !== DEMONYM_RULE && layerOf(quotes, x.s) === layer && !exclude.some((z) => x.s < z.e && z.s < x.e)
    const inClause = ent.mentions.filter((x) => x.start >= c.a && x.start < c.b && usable(x))
    const places = inClause.filter((x) => sceneOf(ctx, x))
    // what licenses a trigger is any place argument, a capital standing for its government included (`تحذيرات
    // أنقرة`); a country is licensing only as an actor
    const placeArgs = inClause.filter((x) => isPlace(ctx, x))
    // a country or capital named as the scene (`في سوريا`) is where, not who
    const actors = inClause.filter((x) => isActor(ctx, x) && !(places.includes(x)))
    const actorIds = [...new Set([...actors.map((x) => x.entityId), ...adjectiveActors(ctx, m.end, c.b)])]
    const toll = trig.type === 'attack' ? fatalities(ctx, c) : null
    const status = statusOf(ctx, i, c, withoutConjunction(t.text))
    i = m.end - 1
    if (status === 'drop' || overlapsMention) continue
    // `هذا الهجوم`, `مناطق سيطرة`: a reference back to an event, or a state rather than an event
    if (kb.words.anaphora.has(prevWord) || kb.words.stative.has(prevWord)) continue
    // `بهدف شن هجوم`: the noun after a light verb dropped as an aim is part of the same aim
    if (otherSense(ctx, trig, m.start, m.end, c.b) || isStatedAim(ctx, m.start) || m.start === aimEnd) {
      if (trig.type !== 'talks') aimEnd = m.end
      continue
    }
    if (isClaimed(ctx, ent, cues, layer >= 0 ? quotes[layer] : undefined, m.start, c)) continue
    const gateActors = new Set([...actorIds, ...inClause.filter((x) => isActor(ctx, x)).map((x) => x.entityId)])
    if (trig.needsArg && !gateActors.size && !placeArgs.length && !toll) continue
    if (trig.needsActor && !gateActors.size && !toll) continue
    const hasDate = dates.some((d) => d.start >= c.a && d.start < c.b)
    if (trig.needsPlaceOrDate && !placeArgs.length && !hasDate && gateActors.size < 2) continue
    if (trig.needsPlace && !placeArgs.length) continue
    // an attack named inside a threat (`هدد … بضرب`) is the threat's content, not a separate attack
    const prevSame = events[events.length - 1]
    if (trig.type === 'attack' && prevSame && prevSame.type === 'threat' && prevSame.sentence === t.sentence && m.start - prevSame.lastTok <= 4) continue
    const after = [...actors, ...places].filter((x) => x.start >= m.end && x.start - m.end <= EVIDENCE_AFTER)
    const justBefore = [...actors].filter((x) => x.end === m.start || x.end === m.start - 1)
    const startTok = Math.min(m.start, ...justBefore.map((x) => x.start))
    const endTok = Math.max(m.end, ...after.map((x) => x.end))
    const s = tokens[startTok]?.s ?? t.s
    const e = tokens[endTok - 1]?.e ?? t.e
    const ownPlaces = [...new Set(places.map((x) => x.entityId))]
    let locationIds = ownPlaces
    if (!locationIds.length) locationIds = nearbyPlaces(ctx, ent, usable, sceneOfFn(ctx), i, triggerAt, nthTrigger)
    locationIds = withRegions(ctx, locationIds)
    if (!locationIds.length && main && THEATRE_TYPES.has(trig.type)) locationIds.push(main)
    const firstTok = tokens[m.start]?.text ?? ''
    const ev: WorkEvent = {
      type: trig.type as EventType,
      status,
      date: dateFor(dates, speechDates, t.sentence, i),
      locationIds,
      actorIds,
      fatalities: toll?.n ?? null,
      fatalitiesQualifier: toll?.q ?? null,
      s,
      e,
      trigger: ctx.doc.body.slice(ctx.norm.start[t.s] ?? 0, ctx.norm.end[(tokens[m.end - 1]?.e ?? t.e) - 1] ?? 0),
      confidence: trig.needsArg ? 0.7 : 0.6,
      ruleId: trig.id,
      sentence: t.sentence,
      lastTok: m.end,
      ownDate: dates.some((d) => d.start >= c.a && d.start < c.b && !speechDates.has(d)),
      referring: (trig.pos === 'noun' && isDefinite(firstTok)) || tokens.slice(c.a, c.b).some((x) => wordIn(kb.words.anaphoricParties, x.text)),
      corefers: trig.corefers,
      ownPlaces,
      pos: trig.pos
    }
    // a later trigger joins an earlier event of its type when it brings no other parties (`… قصفها، حيث استهدفت`)
    const last = events.find(
      (x) => x.type === ev.type && x.sentence === ev.sentence && m.start - x.lastTok <= MERGE_DISTANCE &&
        (actors.length === 0 || ev.actorIds.some((a) => x.actorIds.includes(a)))
    )
    if (last) {
      last.s = Math.min(last.s, ev.s)
      last.e = Math.max(last.e, ev.e)
      last.lastTok = Math.max(last.lastTok, m.end)
      last.locationIds = [...new Set([...last.locationIds, ...ev.locationIds])]
      last.actorIds = [...new Set([...last.actorIds, ...ev.actorIds])]
      last.fatalities ??= ev.fatalities
      last.fatalitiesQualifier ??= ev.fatalitiesQualifier
      continue
    }
    // `المفاوضات` / `اجتماع بين الجانبين` after the talks were reported: the same event mentioned again
    if (ev.corefers && ev.referring && !ev.ownDate) {
      const a = antecedent(ctx, events, ev)
      if (a) {
        // a dated antecedent lends its identity (same cluster key → one event, two mentions); an undated one
        // is keyed by its own text, which a second mention cannot share, so the mention is not repeated
        if (a.date?.text) {
          events.push({
            ...ev, date: a.date, locationIds: [...a.locationIds], actorIds: [...a.actorIds], fatalities: a.fatalities,
            fatalitiesQualifier: a.fatalitiesQualifier, status: a.status, ruleId: COREF_RULE, confidence: Math.min(ev.confidence, a.confidence) * 0.9,
            corefers: false, ownPlaces: a.ownPlaces
          })
        }
        continue
      }
    }
    events.push(ev)
  }
  events = mergeSameDay(ctx, events)
  // an inherited date does not identify an event across articles (see eventClusterKey), but a mention with one
  // that matches a mention of the same article with that date stated (type, day, place, parties, toll) is the
  // same event: it takes the stated date, so both keep one identity
  const sameEvent = (a: RawEvent, b: RawEvent): boolean =>
    a.type === b.type && a.date?.start === b.date?.start && a.date?.end === b.date?.end && a.locationIds[0] === b.locationIds[0] &&
    a.fatalities === b.fatalities && [...a.actorIds].sort().join() === [...b.actorIds].sort().join()
  for (const ev of events) {
    if (!ev.date || ev.date.text) continue
    const stated = events.find((x) => x !== ev && x.date?.text && sameEvent(x, ev))
    if (stated?.date) ev.date = stated.date
  }
  // what an article dates after the day it was published has not happened yet: a plan, target or deadline
  // (`بحلول العام 2050`, `رؤية 2030`), whatever the verb's tense
  if (ctx.pubDate !== null) {
    for (const ev of events) if (ev.status === 'occurred' && ev.date && ev.date.start > ctx.pubDate) ev.status = 'planned'
  }
  return events.map(({ sentence: _s, lastTok: _l, ownDate: _d, referring: _r, corefers: _c, ownPlaces: _p, pos: _pos, ...ev }) => ev)
}

/**
 * `هجوما انتحاريا … في سروج` … `الهجوم` … `التفجير`: a definite noun naming an event of a type the article already
 * reported on the same day, in a related place, is that event again. Its places, parties and toll join the first
 * mention's; when the first has a stated date the later mention takes the same identity (one event, two mentions),
 * otherwise it is dropped (an undated event is keyed by its own text, which no second mention can share).
 */
function mergeSameDay(ctx: DocContext, events: WorkEvent[]): WorkEvent[] {
  const firstOf = new Map<WorkEvent, WorkEvent>()
  for (const [k, ev] of events.entries()) {
    if (!ev.referring || ev.pos !== 'noun' || ev.date?.precision !== 'day' || ev.ruleId === COREF_RULE) continue
    const first = events.find(
      (x, n) => n < k && !firstOf.has(x) && x.type === ev.type && x.status === ev.status && x.date?.start === ev.date?.start && x.date?.end === ev.date?.end &&
        ev.locationIds.some((p) => x.locationIds.some((q) => p === q || placesRelated(ctx, p, q)))
    )
    if (!first) continue
    firstOf.set(ev, first)
    first.locationIds = [...new Set([...first.locationIds, ...ev.ownPlaces])]
    first.actorIds = [...new Set([...first.actorIds, ...ev.actorIds])]
    if (ev.fatalities !== null && (first.fatalities === null || ev.fatalities > first.fatalities)) {
      first.fatalities = ev.fatalities
      first.fatalitiesQualifier = ev.fatalitiesQualifier
    }
    if (!first.date?.text && ev.date.text) first.date = ev.date
  }
  const out: WorkEvent[] = []
  for (const ev of events) {
    const first = firstOf.get(ev)
    if (!first) out.push(ev)
    else if (first.date?.text) {
      out.push({
        ...ev, date: first.date, locationIds: [...first.locationIds], actorIds: [...first.actorIds], fatalities: first.fatalities,
        fatalitiesQualifier: first.fatalitiesQualifier, ruleId: COREF_RULE, confidence: Math.min(ev.confidence, first.confidence) * 0.9
      })
    }
  }
  return out
}

const sceneOfFn = (ctx: DocContext) => (m: TokMention): boolean => sceneOf(ctx, m)

/**
 * Places for a trigger whose clause names none: the nearest clause of its sentence (same quotation layer) holding
 * a place, looking no further than the neighbouring triggers, after the trigger first (`استهدفت، مساء الجمعة،
 * تجمعات … في بلدة حزارين`), then before it.
 */
function nearbyPlaces(
  ctx: DocContext,
  ent: EntityStage,
  usable: (m: TokMention) => boolean,
  scene: (m: TokMention) => boolean,
  i: number,
  triggerAt: number[],
  nth: number
): string[] {
  const { tokens } = ctx
  const sentence = tokens[i]?.sentence
  const lo = triggerAt[nth - 1] ?? -1
  const hi = triggerAt[nth + 1] ?? tokens.length
  const cands = ent.mentions.filter(
    (x) => x.start > lo && x.start < hi && tokens[x.start]?.sentence === sentence && usable(x) && scene(x)
  )
  if (!cands.length) return []
  const clauseOfTok = (k: number): number => tokens[k]?.clause ?? -1
  const own = clauseOfTok(i)
  const afterC = cands.filter((x) => x.start > i).map((x) => clauseOfTok(x.start))
  const beforeC = cands.filter((x) => x.start < i).map((x) => clauseOfTok(x.start))
  const target = afterC.length ? Math.min(...afterC) : Math.max(...beforeC)
  if (target === own) return []
  return [...new Set(cands.filter((x) => clauseOfTok(x.start) === target).map((x) => x.entityId))]
}
