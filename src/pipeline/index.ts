/**
 * The extraction pipeline: normalise → segment → entities → dates → quotes → speakers → agreements → events,
 * each a pure function of the document, the knowledge base and the earlier stages' output.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  AgreementAnnotation,
  AgreementMentionAnnotation,
  DocumentAnnotations,
  EntityAnnotation,
  EventAnnotation,
  MentionAnnotation,
  PipelineDocument,
  QuoteAnnotation,
  StageFailure
} from '../../schemas/annotations.js'
import type { DateValue } from '../../schemas/common.js'
import { findAgreements, type AgreementStage } from './agreements.js'
import { bodySlice, buildContext, type DocContext } from './context.js'
import { findDates, type DateExpr } from './dates.js'
import { findEntities } from './entities.js'
import type { EntityStage } from './mentions.js'
import { findEvents, speechDatesOf, type RawEvent } from './events.js'
import type { KnowledgeBase } from './kb.js'
import { findQuotes, type QuoteStage } from './quotes.js'
import { attributeSpeakers, type SpeakerStage } from './speakers.js'
import { AFFIX_TABLE } from '../text/affixes.js'

export { loadKnowledgeBase, type KnowledgeBase } from './kb.js'

/**
 * The extraction code's version: a digest of the stages' own sources (this folder and the letter table they fold
 * with), so that any change to a rule re-extracts every article once, without anyone remembering to bump a number.
 * The knowledge base's digest is added by whoever loads it. (Built and source runs digest different files, .js and
 * .ts: each is stable for itself.)
 */
function sourceDigest(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const digest = createHash('sha256')
  for (const dir of [here, path.join(here, '..', 'text')]) {
    for (const name of readdirSync(dir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      digest.update(name).update(readFileSync(path.join(dir, name)))
    }
  }
  // the clitic tables are compiled in (src/text/affixes.ts), whatever KB_DIR holds
  digest.update(JSON.stringify(AFFIX_TABLE))
  return `pipeline-${digest.digest('hex').slice(0, 12)}`
}

export const PIPELINE_VERSION = sourceDigest()

/** Bodies beyond this are processed up to it: extraction stays linear and bounded on pathological input. */
const MAX_BODY = 400_000

function emptyAnnotations(failures: StageFailure[] = []): DocumentAnnotations {
  return { failures, entities: [], mentions: [], quotes: [], events: [], agreements: [], agreementMentions: [] }
}

function kbEntity(kb: KnowledgeBase, id: string): EntityAnnotation | null {
  const e = kb.entities.get(id)
  if (!e) return null
  return {
    id: e.id, name: e.name, nameEn: e.nameEn, type: e.type, aliases: e.aliases, role: e.role, affiliation: e.affiliation,
    lat: e.lat, lon: e.lon, partOf: e.partOf, source: 'kb', ruleId: 'kb.entry', confidence: 1
  }
}

/** Every entity referred to, plus the entities those refer to (affiliation, partOf), so references resolve. */
function entityClosure(kb: KnowledgeBase, ent: EntityStage, ids: Iterable<string>): EntityAnnotation[] {
  const out = new Map<string, EntityAnnotation>()
  const queue = [...ids]
  while (queue.length) {
    const id = queue.shift() ?? ''
    if (out.has(id)) continue
    const e = ent.discovered.get(id) ?? kbEntity(kb, id)
    if (!e) continue
    out.set(id, e)
    for (const ref of [e.affiliation, e.partOf]) if (ref && !out.has(ref)) queue.push(ref)
  }
  return [...out.values()]
}

/** Date of a statement: a date in its cue's sentence, nearest to the cue (speech dates first). */
function quoteDate(dates: DateExpr[], speech: Set<DateExpr>, sentence: number, cueTok: number): DateValue | null {
  const here = dates.filter((d) => d.sentence === sentence)
  const pick = (xs: DateExpr[]): DateExpr | undefined => [...xs].sort((a, b) => Math.abs(a.start - cueTok) - Math.abs(b.start - cueTok))[0]
  return (pick(here.filter((d) => speech.has(d))) ?? pick(here))?.value ?? null
}

/** The stages in order: a stage that throws yields empty output, and only what needs that output is lost. */
export const PIPELINE_STAGES = ['entities', 'dates', 'quotes', 'speakers', 'agreements', 'events', 'assembly'] as const
export type PipelineStage = (typeof PIPELINE_STAGES)[number]

function run(ctx: DocContext, failures: StageFailure[]): DocumentAnnotations {
  const stage = <T>(name: PipelineStage, fn: () => T, fallback: () => T): T => {
    try {
      return fn()
    } catch (err) {
      failures.push({ stage: name, error: err instanceof Error ? err.message : String(err) })
      return fallback()
    }
  }
  const ent = stage('entities', () => findEntities(ctx), () => null)
  if (!ent) return emptyAnnotations(failures)
  const dates = stage('dates', () => findDates(ctx), () => [])
  const qs = stage('quotes', () => findQuotes(ctx, ent), () => ({ cues: [], quotes: [], marks: [] }))
  const spk = stage('speakers', () => attributeSpeakers(ctx, ent, qs.cues, qs.quotes), () => ({ byCue: [], roles: [] }))
  const ags = stage('agreements', () => findAgreements(ctx, ent, dates), () => ({ hits: [], discovered: new Map() }))
  const evs = stage('events', () => findEvents(ctx, ent, dates, qs.cues, qs.quotes, ags.hits), () => [])
  return stage('assembly', () => assemble(ctx, ent, dates, qs, spk, ags, evs, failures), () => emptyAnnotations(failures))
}

function assemble(
  ctx: DocContext,
  ent: EntityStage,
  dates: DateExpr[],
  qs: QuoteStage,
  spk: SpeakerStage,
  ags: AgreementStage,
  evs: RawEvent[],
  failures: StageFailure[]
): DocumentAnnotations {
  const { kb } = ctx
  const speech = speechDatesOf(dates, qs.cues)

  const mentions: MentionAnnotation[] = [...ent.mentions, ...ent.offices].sort((a, b) => a.s - b.s).map((m) => ({ entityId: m.entityId, ...bodySlice(ctx, m.s, m.e), ruleId: m.ruleId }))
  const quotes: QuoteAnnotation[] = qs.quotes.map((q) => {
    const cue = qs.cues[q.cue]
    const att = spk.byCue[q.cue]
    const slice = bodySlice(ctx, q.s, q.e)
    const cueText = cue ? bodySlice(ctx, ctx.tokens[cue.start]?.s ?? 0, ctx.tokens[cue.end - 1]?.e ?? 0).text : null
    return {
      text: slice.text,
      kind: q.kind,
      speakerId: att?.speakerId ?? null,
      cue: cueText,
      span: slice.span,
      date: cue ? quoteDate(dates, speech, cue.sentence, cue.start) : null,
      confidence: att?.speakerId ? q.confidence * att.confidence : q.confidence * 0.6,
      ruleId: q.ruleId,
      speakerRuleId: att?.ruleId ?? null
    }
  })
  const events: EventAnnotation[] = evs.map((e) => {
    const slice = bodySlice(ctx, e.s, e.e)
    return {
      type: e.type, status: e.status, date: e.date, locationIds: e.locationIds, actorIds: e.actorIds, fatalities: e.fatalities,
      fatalitiesQualifier: e.fatalitiesQualifier, span: slice.span, text: slice.text, trigger: e.trigger, confidence: e.confidence, ruleId: e.ruleId
    }
  })
  const agreementMentions: AgreementMentionAnnotation[] = ags.hits.map((h) => ({ agreementId: h.agreementId, ...bodySlice(ctx, h.s, h.e), ruleId: h.ruleId, confidence: h.confidence }))
  const agreements: AgreementAnnotation[] = []
  for (const id of new Set(ags.hits.map((h) => h.agreementId))) {
    const a = kb.agreements.get(id)
    if (a) {
      agreements.push({ id: a.id, name: a.name, nameEn: a.nameEn, signedOn: a.signedOn, placeId: a.placeId, partyIds: a.partyIds, provisions: a.provisions, aliases: a.aliases, source: 'kb' })
    } else {
      const d = ags.discovered.get(id)
      if (d) agreements.push(d)
    }
  }
  const referenced = new Set<string>([...ent.mentions, ...ent.offices].map((m) => m.entityId))
  for (const q of quotes) if (q.speakerId) referenced.add(q.speakerId)
  for (const e of events) for (const id of [...e.actorIds, ...e.locationIds]) referenced.add(id)
  for (const a of agreements) for (const id of [...a.partyIds, a.placeId]) if (id) referenced.add(id)
  const entities = entityClosure(kb, ent, referenced)
  const known = new Set(entities.map((e) => e.id))
  // a reference that could not be materialised is dropped rather than left dangling
  for (const q of quotes) if (q.speakerId && !known.has(q.speakerId)) q.speakerId = null
  for (const e of events) {
    e.actorIds = e.actorIds.filter((id) => known.has(id))
    e.locationIds = e.locationIds.filter((id) => known.has(id))
  }
  return { failures, entities, mentions: mentions.filter((m) => known.has(m.entityId)), quotes, events, agreements, agreementMentions }
}

/**
 * Pure and total: never throws. A stage that throws is named in `failures` with its message, and yields empty
 * output: the stages that do not need it still run (a failing event stage leaves the statements).
 */
export function extractDocument(doc: PipelineDocument, kb: KnowledgeBase): DocumentAnnotations {
  const failures: StageFailure[] = []
  const body = typeof doc?.body === 'string' ? doc.body : ''
  const safe: PipelineDocument = {
    id: String(doc?.id ?? ''),
    title: typeof doc?.title === 'string' ? doc.title : '',
    body: body.length > MAX_BODY ? body.slice(0, MAX_BODY) : body,
    publishedAt: typeof doc?.publishedAt === 'string' ? doc.publishedAt : null
  }
  let ctx: DocContext
  try {
    ctx = buildContext(safe, kb)
  } catch (err) {
    return emptyAnnotations([{ stage: 'context', error: err instanceof Error ? err.message : String(err) }])
  }
  return run(ctx, failures)
}

/**
 * Cross-article identity of an event: type + stated date range + main (first, most specific) location + sorted
 * actors (+ toll).
 *
 * Choices, for precision over recall (a wrong merge attaches one report's toll, actors or place to another
 * event; a missed merge only leaves two entries for one event):
 *  - actors stay in the key, although reports of one event often name different parties: without them every
 *    same-day attack in a province would collapse into one (the commonest case in this domain);
 *  - only a date written in the event's own sentence identifies it. An inherited date (carried over from an
 *    earlier sentence; `date.text` is empty) and no date at all both leave the event tied to its own wording, so
 *    they merge only with the same sentence text — e.g. a republished wire story — never across differently
 *    worded articles;
 *  - within one article, a second mention of an event (`event.coref`) carries its antecedent's attributes, and a
 *    mention with an inherited date that matches a mention with the date stated takes that date, so both get the
 *    same key.
 */
export function eventClusterKey(ev: EventAnnotation): string {
  const date = ev.date && ev.date.text ? `${ev.date.start}/${ev.date.end}` : `undated:${ev.text.replace(/\s+/g, ' ').trim()}`
  const loc = ev.locationIds[0] ?? '-'
  const actors = [...ev.actorIds].sort().join(',')
  // Two reports of the same kind, day and place but with different death tolls are kept apart: merging them would
  // attach one report's toll to the other's event.
  const toll = ev.fatalities === null ? '' : `|${ev.fatalitiesQualifier ?? ''}${ev.fatalities}`
  return `${ev.type}|${date}|${loc}|${actors}${toll}`
}
