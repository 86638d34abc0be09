/**
 * Events from trigger lexicons, with arguments read from the trigger's clause: actors and places (entity
 * mentions), death toll (digits or number words, with a qualifier such as `أكثر من`), status (future/planned
 * cues, continuing cues) and the date governing the sentence. Triggers of one type close together in a sentence
 * make one event. Negated or merely demanded events (`لم تنسحب`, `بحاجة للحفاظ على وقف إطلاق النار`) are dropped.
 */
import type { DateValue } from '../../schemas/common.js'
import type { EventStatus, EventType } from '../../schemas/annotations.js'
import { type DocContext } from './context.js'
import type { DateExpr } from './dates.js'
import type { EntityStage, TokMention } from './entities.js'
import { DEMONYM_RULE } from './kb.js'
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
const EVIDENCE_AFTER = 10
const INHERIT_SENTENCES = 4
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
    return w.fatalityCues.has(t) || w.fatalityCues.has(t.replace(/^[وب]/, ''))
  }
  const isNoun = (k: number): boolean => {
    const t = tokens[k]?.text ?? ''
    return w.evidenceNouns.has(t) || w.evidenceNouns.has(t.replace(/^[وب]/, ''))
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
  const before = tokens.slice(Math.max(c.a, trig - 3), trig).map((t) => t.text.replace(/^و/, ''))
  const near = before.slice(-2)
  if (before.some((t) => w.negationCues.has(t)) || near.some((t) => w.modalCues.has(t))) return 'drop'
  if (w.plannedCues.has(triggerText) || before.some((t) => w.plannedCues.has(t))) return 'planned'
  const clause = tokens.slice(c.a, c.b).map((t) => t.text.replace(/^و/, ''))
  if (clause.some((t) => w.ongoingCues.has(t))) return 'ongoing'
  return 'occurred'
}

/** The date for a sentence: its nearest non-speech date, else its speech date, else one inherited nearby. */
function dateFor(dates: DateExpr[], speechDates: Set<DateExpr>, sentence: number, trig: number): DateValue | null {
  const here = dates.filter((d) => d.sentence === sentence)
  const pick = (xs: DateExpr[]): DateExpr | undefined => xs.sort((a, b) => Math.abs(a.start - trig) - Math.abs(b.start - trig))[0]
  const best = pick(here.filter((d) => !speechDates.has(d))) ?? pick(here)
  if (best) return best.value
  const prior = dates.filter((d) => d.sentence < sentence && sentence - d.sentence <= INHERIT_SENTENCES && d.value.precision === 'day')
  const last = prior[prior.length - 1]
  return last ? last.value : null
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

export function findEvents(
  ctx: DocContext,
  ent: EntityStage,
  dates: DateExpr[],
  cues: Cue[],
  quotes: Array<{ s: number; e: number }>,
  exclude: Array<{ s: number; e: number }>
): RawEvent[] {
  const { tokens, kb } = ctx
  const speechDates = speechDatesOf(dates, cues)
  const main = theatre(ctx, ent)
  const events: Array<RawEvent & { sentence: number; lastTok: number }> = []
  for (let i = 0; i < tokens.length; i++) {
    const m = trieMatchAt(kb.eventTrie, tokens, i)
    if (!m) continue
    const trig = m.values[0]
    if (!trig) continue
    const t = tokens[i]
    if (!t) continue
    const c = clauseOf(ctx, i)
    const layer = layerOf(quotes, t.s)
    const overlapsMention = ent.mentions.some((x) => x.start < m.end && m.start < x.end)
    const prevWord = (tokens[i - 1]?.text ?? '').replace(/^و/, '')
    // A bare nationality adjective is not an event argument (military ones are handled by adjectiveActors).
    const inClause = ent.mentions.filter(
      (x) =>
        x.ruleId !== DEMONYM_RULE && x.start >= c.a && x.start < c.b && layerOf(quotes, x.s) === layer && !exclude.some((z) => x.s < z.e && z.s < x.e)
    )
    const actorIds = [...new Set([...inClause.filter((x) => isActor(ctx, x)).map((x) => x.entityId), ...adjectiveActors(ctx, m.end, c.b)])]
    const actors = inClause.filter((x) => isActor(ctx, x))
    const places = inClause.filter((x) => isPlace(ctx, x))
    const toll = trig.type === 'attack' ? fatalities(ctx, c) : null
    const status = statusOf(ctx, i, c, t.text.replace(/^[وف]/, ''))
    i = m.end - 1
    if (status === 'drop' || overlapsMention) continue
    // `هذا الهجوم`, `مناطق سيطرة`: a reference back to an event, or a state rather than an event
    if (kb.words.anaphora.has(prevWord) || kb.words.stative.has(prevWord)) continue
    if (trig.needsArg && !actorIds.length && !places.length && !toll) continue
    if (trig.needsActor && !actorIds.length && !toll) continue
    const hasDate = dates.some((d) => d.start >= c.a && d.start < c.b)
    if (trig.needsPlaceOrDate && !places.length && !hasDate && actorIds.length < 2) continue
    // an attack named inside a threat (`هدد … بضرب`) is the threat's content, not a separate attack
    const prevSame = events[events.length - 1]
    if (trig.type === 'attack' && prevSame && prevSame.type === 'threat' && prevSame.sentence === t.sentence && m.start - prevSame.lastTok <= 4) continue
    const after = [...actors, ...places].filter((x) => x.start >= m.end && x.start - m.end <= EVIDENCE_AFTER)
    const justBefore = [...actors].filter((x) => x.end === m.start || x.end === m.start - 1)
    const startTok = Math.min(m.start, ...justBefore.map((x) => x.start))
    const endTok = Math.max(m.end, ...after.map((x) => x.end))
    const s = tokens[startTok]?.s ?? t.s
    const e = tokens[endTok - 1]?.e ?? t.e
    const locationIds = [...new Set(places.map((x) => x.entityId))]
    if (!locationIds.length && main && THEATRE_TYPES.has(trig.type)) locationIds.push(main)
    const ev = {
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
      lastTok: m.end
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
    events.push(ev)
  }
  return events.map(({ sentence: _s, lastTok: _l, ...ev }) => ev)
}
