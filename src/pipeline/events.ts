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
import { isDefinite, withoutConjunction } from '../text/affixes.js'
import { type DocContext } from './context.js'
import type { DateExpr } from './dates.js'
import type { EntityStage, TokMention } from './mentions.js'
import { DEMONYM_RULE } from './kb.js'
import type { Cue } from './quotes.js'
import { adjectiveActors, clauseOf, fatalities, isActor, isPlace, nearbyPlaces, placesRelated, sceneOf, sceneOfFn, theatre, wordIn, withRegions } from './event-args.js'
import { isClaimed, isStatedAim, layerOf, otherSense, statusOf, type QuoteRef } from './event-senses.js'
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

const MERGE_DISTANCE = 15

const EVIDENCE_AFTER = 10

const INHERIT_SENTENCES = 4

/** Rule id of a mention folded into an earlier event of the same article. */
export const COREF_RULE = 'event.coref'

/** Types whose place, when unstated, is the article's main theatre. */
const THEATRE_TYPES = new Set(['attack', 'territorial_control', 'deployment', 'displacement', 'ceasefire', 'withdrawal'])

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
  const sport = sportRegister(ctx)
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
    // a match report: `هجوم البرتغال`, `يلتقي الأهلي مع الأسيوطي`, `استعاد مستواه` are football, unless armed men or
    // the dead say otherwise
    if (sport && t.variants.some((v) => kb.words.sportSenses.has(v.form)) && !toll && !actors.some((x) => ctx.kb.entities.get(x.entityId)?.type === 'armed_group')) continue
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

/** How many distinct words of the sports register make an article a sports report. */
const SPORT_REGISTER_WORDS = 4

/** Whether the article is a sports report: several distinct words of that register (`المباراة`, `الدوري`, `هدف`). */
function sportRegister(ctx: DocContext): boolean {
  const seen = new Set<string>()
  for (const t of ctx.tokens) {
    const hit = t.variants.find((v) => ctx.kb.words.sportWords.has(v.form))
    if (hit && seen.add(hit.form).size >= SPORT_REGISTER_WORDS) return true
  }
  return false
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
