import type { EventAggregate, EventAnnotation } from '../../schemas/annotations.js'
import type { Event, EventListQuery, EventPage } from '../../schemas/knowledge.js'
import type { ArticleRepository } from './articles.js'
import { epochDay, eventTypeCode, MAX_DAY, MIN_DAY, parseList, toDate, type DateColumns } from './columns.js'
import { decodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import { refsOf, type EntityRepository, type RefResolver } from './entities.js'
import { itemsByKeySql, jsonOf, jsonPage, parseJson, type Json } from './json.js'
import { fewMatches, pageOf } from './paging.js'
import { conditions, type Conditions, LIMIT, type Queries } from './queries.js'

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

const toEventMention = (m: EventMentionRow): Event['mentions'][number] => ({
  articleId: m.article_id,
  span: { start: m.start, end: m.end },
  text: m.text,
  trigger: m.trigger,
  ruleId: m.rule_id,
  confidence: m.confidence
})

/** An event from its aggregate and the mentions to show. */
export function toEvent(id: string, agg: EventAggregate, shown: EventMentionRow[], ref: RefResolver): Event {
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
    mentions: shown.map(toEventMention),
    confidence: agg.confidence,
    ruleId: agg.ruleId
  }
}

/**
 * Event filters over one mention (`m2`); an event matches when one of its mentions matches them all. For the set of
 * all matching mentions (totals, few matches): the date window as one R-tree range query.
 */
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

/**
 * The same filters when one event's mentions are checked while walking the recency index: the window is a lookup of
 * the mention's own R-tree entry, not the range query (which would collect every mention in the window first).
 */
const EVENT_CANDIDATE_CONDITIONS: Conditions = {
  ...EVENT_MENTION_CONDITIONS,
  dayFrom: 'EXISTS (SELECT 1 FROM event_mention_days r WHERE r.mention_rowid = m2.rowid AND r.day_end >= @dayFrom AND r.day_start <= @dayTo)'
}

/** A page's key: the event and its recency key. */
type EventKey = { event_id: string; k: string }

/** The parameters of an event list's filters (null: not given). */
interface EventFilters extends Record<string, unknown> {
  rowid: number | null
  type: string | null
  status: string | null
  minFatalities: number | null
  dayFrom: number | null
  dayTo: number
  locationIds: string | null
  actorIds: string | null
}

/** Entries of `event_spans` whose mention window meets the window and whose event's key day is after its end. */
const SPANS_IN_WINDOW = 's.day_end >= @dayFrom AND s.day_start <= @dayTo AND s.key_end > @dayTo'
/** Entries of `event_spans` of the type `@typeCode`, from the R-tree's coordinates alone. */
const SPANS_OF_TYPE = 'AND s.type_start = @typeCode AND s.type_end = @typeCode'

/**
 * A page of event keys by walking the events read model in recency order: the events of the type (`typed`), with a
 * mention in the window (`window`: from the days each event's mentions span, kept beside the key in the walked index,
 * so a candidate is judged without reading it; only an event of several mentions that spans the window's edge is
 * checked mention by mention), and passing `checked` (other filters, on the event's mentions). `bounded`: the window
 * has an end (`@toDate`), and the walk starts there — an event's key is its latest dated mention, so every match but
 * a few is at or before it — with those few (events whose mentions begin before the end while their key is later)
 * taken from `event_spans`, an R-tree of their mentions' windows with the type as a dimension (read-models.ts).
 */
function eventWalk(o: { typed: boolean; window: boolean; bounded: boolean; after: string; checked?: string | null; floored?: boolean }): string {
  const terms = [
    o.typed ? 'e.type = @type' : null,
    o.bounded ? 'e.sort_key <= @toDate' : null,
    o.window
      ? `e.day_max >= @dayFrom AND e.day_min <= @dayTo AND (e.mentions = 1 OR (e.day_min >= @dayFrom AND e.day_max <= @dayTo) OR EXISTS (
           SELECT 1 FROM event_mentions m2 JOIN event_mention_days r ON r.mention_rowid = m2.rowid
           WHERE m2.event_id = e.id AND r.day_end >= @dayFrom AND r.day_start <= @dayTo))`
      : null,
    o.checked ?? null
  ].filter((x) => x !== null)
  const page = `SELECT e.id AS event_id, e.sort_key AS k FROM events e INDEXED BY ${o.typed ? 'events_by_type' : 'events_by_recency'}
    WHERE ${terms.length > 0 ? terms.join(' AND ') : 'TRUE'} ${o.after} ORDER BY e.sort_key DESC, e.id ${LIMIT}`
  if (!o.bounded) return page
  // the spanning events' mentions in the window, each event once (its key and type are on every entry)
  const spanning = `SELECT DISTINCT s.event_id AS id, s.sort_key FROM event_spans s
    WHERE ${SPANS_IN_WINDOW} ${o.typed ? 'AND s.type_start = @typeCode AND s.type = @type' : ''} ${o.floored ? 'AND s.key_start >= @spanFloor' : ''}`
  return `SELECT event_id, k FROM (${page})
    UNION ALL SELECT e.id, e.sort_key FROM (${spanning}) e WHERE ${o.checked ?? 'TRUE'} ${o.after}
    ORDER BY k DESC, event_id ${LIMIT}`
}

/**
 * The key day of the `@limit`-th newest entry of `event_spans` a page could take (of the type; before the cursor's
 * day), from the R-tree's coordinates alone: the newest page's spanning events are at or after it (see
 * EventRepository.flooredKeys).
 */
const spanFloorSql = (typed: boolean, after: boolean) =>
  `SELECT s.key_start AS day FROM event_spans s WHERE ${SPANS_IN_WINDOW} ${typed ? SPANS_OF_TYPE : ''}
     ${after ? 'AND s.key_start <= @afterDay' : ''} ORDER BY s.key_start DESC LIMIT 1 OFFSET (@limit + 0) - 1`

/**
 * The entries of `event_spans` in a window (of a type), counted (and cached like other counts): a walk floors its
 * spanning events (flooredKeys) only when they are many pages' worth, since the floor is one more statement a page.
 */
const countSpansSql = (typed: boolean) =>
  `SELECT count(*) AS n FROM event_spans s WHERE ${SPANS_IN_WINDOW} ${typed ? SPANS_OF_TYPE : ''}`

/** Spanning entries in a window, in pages, above which a walk reads the spanning events from the newest. */
const FLOOR_SPAN_PAGES = 4

/** Characters between an event mention and an agreement mention for the event to count as referring to it. */
const NEAR_AGREEMENT = 200

/** Mention rows with their article's id. */
const EVENT_MENTION_ROWS =
  'SELECT m.*, a.id AS article_id FROM event_mentions m JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid'

function prepare(db: SqliteDatabase) {
  return {
    countAllEvents: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM events'),
    countEventsOfType: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM events INDEXED BY events_by_type WHERE type = @type'),
    eventMentions: db.prepare<[string], EventMentionRow>(
      `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? ORDER BY a.sort_key, a.id, m.seq`
    ),
    eventMentionsInArticle: db.prepare<[string, number], EventMentionRow>(
      `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? AND m.article_rowid = ? ORDER BY m.seq`
    ),
    eventListed: db.prepare<[string], { listed: string }>('SELECT listed FROM events WHERE id = ?'),
    listedEvents: db.prepare<[string], Json<Event> | null>(itemsByKeySql('e.listed', 'JOIN events e ON e.id = k.value')).pluck(),
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

  /**
   * An event as lists show it: from the events read model (read-models.ts: its aggregate over every mention, its
   * entities and its first LIST_MENTION_LIMIT mentions, computed at the boot), or with the mentions of one article.
   */
  listed(id: string, articleRowid: number | null = null): Event | null {
    const row = this.s.eventListed.get(id)
    if (!row) return null
    const event = JSON.parse(row.listed) as Event
    if (articleRowid !== null) event.mentions = this.s.eventMentionsInArticle.all(id, articleRowid).map(toEventMention)
    return event
  }

  get(id: string): Event | null {
    const mentions = this.s.eventMentions.all(id)
    const agg = this.aggregateEvent(mentions.map(toMention))
    return agg ? toEvent(id, agg, mentions, this.entities.refResolver()) : null
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
    return parseJson(this.listJson(query))
  }

  /**
   * `list` as the JSON the route sends (json.ts): each event as the read model stored it, read as bytes with its key;
   * with `articleId`, each with that article's mentions (made here).
   */
  listJson(query: EventListQuery & { limit: number }): Json<EventPage> {
    const rowid = this.articles.rowidOf(query.articleId)
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const filters: EventFilters = {
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
    const after = afterKey === null ? '' : 'AND (e.sort_key < @afterKey OR (e.sort_key = @afterKey AND e.id > @afterId))'
    const params = { ...filters, typeCode: filters.type === null ? null : eventTypeCode(filters.type), toDate: query.to ?? null, afterKey, afterId, limit: query.limit + 1 }
    const { total, keys: sql, floored } = this.plan(filters, params.toDate !== null, after, query.limit + 1)
    const keys = (floored && this.flooredKeys(floored, params)) ?? this.q.shape<EventKey>(sql).all(params)
    const toEvents = (page: typeof keys): (Json<Event> | null | undefined)[] =>
      // each event as the read model stored it, all in one blob; with an article, that article's mentions (made here)
      rowid === null
        ? [this.s.listedEvents.get(JSON.stringify(page.map((k) => k.event_id)))]
        : page.map((k) => this.listed(k.event_id, rowid)).map((e) => (e === null ? null : jsonOf(e)))
    const page = pageOf(keys, query.limit, toEvents, (k) => [k.k, k.event_id], total)
    return jsonPage(page.items, page.nextCursor, page.total)
  }

  /**
   * A bounded walk's page read only from the newest spanning events: those whose key day is at or after the floor, the
   * key day of the page's `limit`-th newest entry of `event_spans` (from the R-tree's coordinates, without reading its
   * stored ids). Every event it leaves out has an earlier key day, so if the page is full and its last event's key day
   * is at or after the floor, nothing left out would be on it. Otherwise (an event with several entries, a cursor,
   * fewer entries than a page): null, and the page is read from every spanning event. At 600k the busiest month's
   * spanning events are 1,374 entries of 1,247 events, each read and de-duplicated to keep 21: 1.7 ms of a 2 ms page.
   */
  private flooredKeys(floored: { floor: string; keys: string }, params: Record<string, unknown> & { afterKey: unknown; limit: number }): EventKey[] | null {
    const afterDay = params.afterKey === null ? null : typeof params.afterKey === 'string' ? epochDay(params.afterKey) : NaN
    if (afterDay !== null && !Number.isFinite(afterDay)) return null
    const floor = this.q.shape<{ day: number }>(floored.floor).get({ ...params, afterDay })?.day
    if (floor === undefined) return null
    const keys = this.q.shape<EventKey>(floored.keys).all({ ...params, spanFloor: floor })
    const last = keys.at(-1)
    return keys.length === params.limit && last !== undefined && epochDay(last.k) >= floor ? keys : null
  }

  /**
   * The total and the statement of a page's keys, newest first by the event's latest dated mention (undated last).
   * Type and date window are properties of the event read model (one type per event; the days its mentions span),
   * so they are answered from its indexes: walking the events of the type in recency order from the window's end
   * (see eventWalk), or, when few events match, sorting the matches of the R-tree of mention windows. Other filters
   * (article, status, toll, place, actor) are checked on each event's mentions.
   */
  private plan(filters: EventFilters, bounded: boolean, after: string, pageEnd: number): { total: number; keys: string; floored?: { floor: string; keys: string } } {
    const all = () => this.q.count(this.s.countAllEvents, {})
    const typed = filters.type !== null
    const window = filters.dayFrom !== null
    const mentionFilters = Object.entries(filters).some(([k, v]) => v !== null && !['type', 'dayFrom', 'dayTo'].includes(k))
    if (!mentionFilters && !window) {
      const total = typed ? this.q.count(this.s.countEventsOfType, filters) : all()
      return { total, keys: eventWalk({ typed, window, bounded: false, after }) }
    }
    const matches = mentionFilters
      ? `SELECT m2.event_id FROM event_mentions m2 WHERE ${conditions(EVENT_MENTION_CONDITIONS, filters)}`
      : `SELECT r.event_id FROM event_mention_days r WHERE r.day_end >= @dayFrom AND r.day_start <= @dayTo ${typed ? 'AND r.type = @type' : ''}`
    const total = this.q.count(this.q.shape(`SELECT count(DISTINCT event_id) AS n FROM (${matches})`), filters)
    if (fewMatches(total, pageEnd, all())) {
      // CROSS JOIN keeps the matches the outer loop, as this branch is taken because they are few. Left to the planner,
      // the order follows its guess of the R-tree's size, which the R-tree reads from sqlite_stat1 only when a
      // connection first opens it: in the process whose boot created the table, before any ANALYZE, it guesses a
      // million rows and walks every event instead (at 60k, 12 µs → 2.2 ms a page).
      return {
        total,
        keys: `SELECT e.id AS event_id, e.sort_key AS k FROM (SELECT DISTINCT event_id FROM (${matches})) x
          CROSS JOIN events e ON e.id = x.event_id WHERE TRUE ${after} ORDER BY e.sort_key DESC, e.id ${LIMIT}`
      }
    }
    const checked = mentionFilters ? `EXISTS (SELECT 1 FROM event_mentions m2 WHERE m2.event_id = e.id AND ${conditions(EVENT_CANDIDATE_CONDITIONS, filters)})` : null
    const walk = { typed: typed && !mentionFilters, window: window && !mentionFilters, bounded: window && bounded, after, checked }
    // without filters on mentions, a bounded walk's many spanning events are read from the newest only (flooredKeys)
    const manySpans = () => {
      const spanWindow = { dayFrom: filters.dayFrom, dayTo: filters.dayTo, typeCode: typed ? eventTypeCode(filters.type ?? '') : null }
      return this.q.count(this.q.shape(countSpansSql(typed)), spanWindow) > FLOOR_SPAN_PAGES * pageEnd
    }
    const floored = walk.bounded && !mentionFilters && manySpans() ? { floor: spanFloorSql(walk.typed, after !== ''), keys: eventWalk({ ...walk, floored: true }) } : undefined
    return { total, keys: eventWalk(walk), ...(floored ? { floored } : {}) }
  }

  /** Events reported within NEAR_AGREEMENT characters of a mention of the agreement, as lists show them. */
  nearAgreement(agreementId: string): Event[] {
    return this.s.eventsNearAgreement
      .all(agreementId)
      .map((r) => this.listed(r.event_id))
      .filter((e): e is Event => e !== null)
  }
}
