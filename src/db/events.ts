import type { EventAggregate, EventAnnotation } from '../../schemas/annotations.js'
import type { Event, EventListQuery, EventPage } from '../../schemas/knowledge.js'
import type { ArticleRepository } from './articles.js'
import { epochDay, MAX_DAY, MIN_DAY, parseList, toDate, type DateColumns } from './columns.js'
import { decodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import { refsOf, type EntityRepository, type RefResolver } from './entities.js'
import { fewMatches, LIST_MENTION_LIMIT, pageOf } from './paging.js'
import { conditions, type Conditions, type Queries } from './queries.js'

export interface EventMentionRow extends DateColumns {
  event_id: string
  article_id: string
  type: string
  status: string
  location_ids: string
  actor_ids: string
  fatalities: number | null
  fatalities_qualifier: string | null
  start: number
  end: number
  text: string
  trigger: string
  confidence: number
  rule_id: string
}

/** What an event is, from all its mentions in corpus order (pipeline/event-aggregate.ts); null for none. */
export type AggregateEvent = (mentions: EventAnnotation[]) => EventAggregate | null

/** A stored event mention as the pipeline wrote it. */
export const toMention = (row: EventMentionRow): EventAnnotation => ({
  type: row.type as EventAnnotation['type'],
  status: row.status as EventAnnotation['status'],
  date: toDate(row),
  locationIds: parseList(row.location_ids),
  actorIds: parseList(row.actor_ids),
  fatalities: row.fatalities,
  fatalitiesQualifier: row.fatalities_qualifier as EventAnnotation['fatalitiesQualifier'],
  span: { start: row.start, end: row.end },
  text: row.text,
  trigger: row.trigger,
  confidence: row.confidence,
  ruleId: row.rule_id
})

/** Event filters over one mention (`m2`); an event matches when one of its mentions matches them all. */
const EVENT_MENTION_CONDITIONS: Conditions = {
  rowid: 'm2.article_rowid = @rowid',
  type: 'm2.type = @type',
  status: 'm2.status = @status',
  minFatalities: 'm2.fatalities >= @minFatalities',
  // the date window (from, to or both) as days since 1970 against the R-tree of mention ranges
  dayFrom: 'm2.rowid IN (SELECT mention_rowid FROM event_mention_days WHERE day_end >= @dayFrom AND day_start <= @dayTo)',
  locationIds: `m2.rowid IN (SELECT mention_rowid FROM event_mention_entities WHERE role = 'place' AND entity_id IN (SELECT value FROM json_each(@locationIds)))`,
  actorIds: `m2.rowid IN (SELECT mention_rowid FROM event_mention_entities WHERE role = 'actor' AND entity_id IN (SELECT value FROM json_each(@actorIds)))`
}

/** Characters between an event mention and an agreement mention for the event to count as referring to it. */
const NEAR_AGREEMENT = 200

/** Mention rows with their article's id. */
const EVENT_MENTION_ROWS =
  'SELECT m.*, a.id AS article_id FROM event_mentions m JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid'

function prepare(db: SqliteDatabase) {
  return {
    countAllEvents: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM events'),
    eventMentions: db.prepare<[string], EventMentionRow>(
      `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? ORDER BY a.sort_key, a.id, m.seq`
    ),
    eventMentionsHead: db.prepare<[string], EventMentionRow>(
      `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? ORDER BY a.sort_key, a.id, m.seq LIMIT ${LIST_MENTION_LIMIT}`
    ),
    eventMentionsInArticle: db.prepare<[string, number], EventMentionRow>(
      `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? AND m.article_rowid = ? ORDER BY m.seq`
    ),
    eventSummary: db.prepare<[string], { summary: string }>('SELECT summary FROM events WHERE id = ?'),
    eventsNearAgreement: db.prepare<[string], { event_id: string }>(
      `SELECT DISTINCT m.event_id FROM agreement_mentions g
           JOIN event_mentions m ON m.article_rowid = g.article_rowid
             AND g.start < m."end" + ${NEAR_AGREEMENT} AND m.start < g."end" + ${NEAR_AGREEMENT}
         WHERE g.agreement_id = ? ORDER BY m.event_id`
    )
  }
}

/**
 * Events: one record per event over all the articles that report it. Lists read each event's aggregate from the
 * events read model (read-models.ts); the detail aggregates its mentions itself.
 */
export class EventRepository {
  private readonly q: Queries
  private readonly articles: ArticleRepository
  private readonly entities: EntityRepository
  private readonly aggregateEvent: AggregateEvent
  private readonly s: ReturnType<typeof prepare>

  constructor(q: Queries, uses: { articles: ArticleRepository; entities: EntityRepository; aggregateEvent: AggregateEvent }) {
    this.q = q
    this.articles = uses.articles
    this.entities = uses.entities
    this.aggregateEvent = uses.aggregateEvent
    this.s = prepare(q.db)
  }

  /** An event from its aggregate and the mentions to show. */
  private toEvent(id: string, agg: EventAggregate, shown: EventMentionRow[], ref: RefResolver): Event {
    return {
      id,
      type: agg.type,
      status: agg.status,
      date: agg.date,
      locations: refsOf(agg.locationIds, ref),
      actors: refsOf(agg.actorIds, ref),
      fatalities: agg.fatalities,
      fatalitiesQualifier: agg.fatalitiesQualifier,
      mentionCount: agg.mentionCount,
      mentions: shown.map((m) => ({
        articleId: m.article_id,
        span: { start: m.start, end: m.end },
        text: m.text,
        trigger: m.trigger,
        ruleId: m.rule_id,
        confidence: m.confidence
      })),
      confidence: agg.confidence,
      ruleId: agg.ruleId
    }
  }

  /**
   * An event as lists show it: its aggregate from the events read model (computed at the boot from all mentions)
   * and its first LIST_MENTION_LIMIT mentions, or those of one article.
   */
  listed(id: string, ref: RefResolver, articleRowid: number | null = null): Event | null {
    const row = this.s.eventSummary.get(id)
    if (!row) return null
    const shown = articleRowid === null ? this.s.eventMentionsHead.all(id) : this.s.eventMentionsInArticle.all(id, articleRowid)
    return this.toEvent(id, JSON.parse(row.summary) as EventAggregate, shown, ref)
  }

  get(id: string): Event | null {
    const mentions = this.s.eventMentions.all(id)
    const agg = this.aggregateEvent(mentions.map(toMention))
    return agg ? this.toEvent(id, agg, mentions, this.entities.refResolver()) : null
  }

  /** Place ids for a location filter: the named places and every place inside them, intersected with a box. */
  private placeIds(location: string | undefined, bbox: string | undefined): string | null {
    let ids: Set<string> | null = null
    if (location !== undefined) {
      const named = this.entities.resolveIds(location)
      ids = new Set(this.entities.placesInside(named))
    }
    if (bbox !== undefined) {
      const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = bbox.split(',').map(Number)
      const boxed = new Set(this.entities.placesInBox({ minLon, minLat, maxLon, maxLat }))
      ids = ids === null ? boxed : new Set([...ids].filter((id) => boxed.has(id)))
    }
    return ids === null ? null : JSON.stringify([...ids])
  }

  list(query: EventListQuery & { limit: number }): EventPage {
    const rowid = this.articles.rowidOf(query.articleId)
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const filters = {
      rowid,
      type: query.type ?? null,
      status: query.status ?? null,
      minFatalities: query.minFatalities ?? null,
      // a date window: the days it spans (an open side reaches any date)
      dayFrom: query.from === undefined && query.to === undefined ? null : query.from === undefined ? MIN_DAY : epochDay(query.from),
      dayTo: query.to === undefined ? MAX_DAY : epochDay(query.to),
      locationIds: this.placeIds(query.location, query.bbox),
      actorIds: query.actor === undefined ? null : JSON.stringify(this.entities.resolveIds(query.actor))
    }
    const where = conditions(EVENT_MENTION_CONDITIONS, filters)
    const filtered = where !== 'TRUE'
    // The events with a matching mention: from the R-tree alone for a date window (and type), else from the mentions.
    const windowOnly = filters.dayFrom !== null && Object.entries(filters).every(([k, v]) => v === null || ['type', 'dayFrom', 'dayTo'].includes(k))
    const matches = windowOnly
      ? `SELECT r.event_id FROM event_mention_days r WHERE r.day_end >= @dayFrom AND r.day_start <= @dayTo ${filters.type === null ? '' : 'AND r.type = @type'}`
      : `SELECT m2.event_id FROM event_mentions m2 WHERE ${where}`
    const total = this.q.count(this.q.shape(filtered ? `SELECT count(DISTINCT event_id) AS n FROM (${matches})` : 'SELECT count(*) AS n FROM events'), filters)
    // Newest first by the event's latest dated mention (undated last), from the events read model: walking the
    // recency index, or, when few events match (as for the article listing), from the matching mentions.
    const after = afterKey === null ? '' : 'AND (e.sort_key < @afterKey OR (e.sort_key = @afterKey AND e.id > @afterId))'
    const sparse = filtered && fewMatches(total, query.limit + 1, this.q.count(this.s.countAllEvents, {}))
    const keys = this.q
      .shape<{ event_id: string; k: string }>(
        sparse
          ? `SELECT e.id AS event_id, e.sort_key AS k FROM (SELECT DISTINCT event_id FROM (${matches})) x
             JOIN events e ON e.id = x.event_id WHERE TRUE ${after}
           ORDER BY e.sort_key DESC, e.id LIMIT @limit`
          : `SELECT e.id AS event_id, e.sort_key AS k FROM events e INDEXED BY events_by_recency
           WHERE ${filtered ? `e.id IN (${matches})` : 'TRUE'} ${after}
           ORDER BY e.sort_key DESC, e.id LIMIT @limit`
      )
      .all({ ...filters, afterKey, afterId, limit: query.limit + 1 })
    const ref = this.entities.refResolver()
    const toEvents = (page: typeof keys) =>
      page
        .map((k) => this.listed(k.event_id, ref, rowid))
        .filter((e): e is Event => e !== null)
    return pageOf(keys, query.limit, toEvents, (k) => [k.k, k.event_id], total)
  }

  /** Events reported within NEAR_AGREEMENT characters of a mention of the agreement, as lists show them. */
  nearAgreement(agreementId: string, ref: RefResolver): Event[] {
    return this.s.eventsNearAgreement
      .all(agreementId)
      .map((r) => this.listed(r.event_id, ref))
      .filter((e): e is Event => e !== null)
  }
}
