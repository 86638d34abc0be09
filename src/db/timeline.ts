import type { Statement } from 'better-sqlite3'
import type { TimelinePage, TimelineQuery } from '../../schemas/knowledge.js'
import { decodeCursor } from './cursor.js'
import type { EntityRepository } from './entities.js'
import { dateJsonSql, itemsByKeySql, jsonPage, parseJson, type Json } from './json.js'
import { pageOf } from './paging.js'
import { conditions, type Conditions, LIMIT, type Queries } from './queries.js'
import { QUOTE_JSON_TEXT } from './quotes.js'

type TimelineItem = TimelinePage['items'][number]

/** Timeline filters over `timeline_items` or `timeline_entities` (`t`). */
const TIMELINE_CONDITIONS: Conditions = {
  from: 't.d_end >= @from',
  to: 't.d <= @to',
  entityIds:
    "((t.role != 'place' AND t.entity_id IN (SELECT value FROM json_each(@entityIds))) OR " +
    "(t.role = 'place' AND t.entity_id IN (SELECT value FROM json_each(@placeIds))))",
  afterD: '(t.d, t.kind, t.id) > (@afterD, @afterKind, @afterId)'
}

/**
 * The roles under which `timeline_entities` files an item for an entity filter's named entities (read-models.ts: a
 * statement's speaker, an event's actors); the places inside them file theirs as 'place'.
 */
export const TIMELINE_ENTITY_ROLES = ['actor', 'speaker'] as const

/** A page of one entity's items under one role, in timeline order, from its own range of the primary key. */
const TIMELINE_ROLE_CONDITIONS: Conditions = {
  entityId: 't.entity_id = @entityId AND t.role = @role',
  from: TIMELINE_CONDITIONS.from as string,
  to: TIMELINE_CONDITIONS.to as string,
  afterD: TIMELINE_CONDITIONS.afterD as string
}

type TimelineKey = { kind: string; id: string; d: string }

/** One entity's items under one role in `timeline_entities`: how many. */
type TimelineRange = { entityId: string; role: string; items: number }

/**
 * What a page read from one more range costs beside its rows, in rows of the sorted path: a statement run against a
 * row read and sorted (at 60k ~6 µs and ~1 µs).
 */
const RANGE_COST_ROWS = 6

/** Keys in timeline order (date, kind, id). */
const byTimeline = (a: TimelineKey, b: TimelineKey) => (a.d < b.d ? -1 : a.d > b.d ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * A timeline item as JSON from its key `k` (`k.value`: [kind, id, day]): an event as the events read model stored it,
 * with its date; a statement as quote lists show it (QUOTE_JSON_TEXT), with its date or else its article's day. Null
 * (left out) when its record is gone, or an event has no date.
 */
const TIMELINE_ITEM_JSON = `CASE
    WHEN k.value ->> 0 = 'event' AND e.listed ->> '$.date' IS NOT NULL
      THEN json_object('kind', 'event', 'date', e.listed -> '$.date', 'event', json(e.listed), 'quote', NULL)
    WHEN k.value ->> 0 = 'quote' AND q.id IS NOT NULL
      THEN json_object('kind', 'quote', 'date', coalesce(${dateJsonSql('q.')}, json_object('start', k.value ->> 2, 'end', k.value ->> 2, 'precision', 'day', 'text', '')),
        'event', NULL, 'quote', ${QUOTE_JSON_TEXT})
  END`

/** A page's timeline items in one blob, from their keys (json.ts). */
const TIMELINE_ITEMS_JSON = itemsByKeySql(
  TIMELINE_ITEM_JSON,
  `LEFT JOIN events e ON k.value ->> 0 = 'event' AND e.id = k.value ->> 1
   LEFT JOIN quotes q ON k.value ->> 0 = 'quote' AND q.id = k.value ->> 1
   LEFT JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
   LEFT JOIN entities s ON s.id = q.speaker_id`
)

/**
 * The timeline: dated statements and events in date order, from the timeline read models (read-models.ts); each item
 * as the quotes and events repositories show it.
 */
export class TimelineRepository {
  private readonly q: Queries
  private readonly entities: EntityRepository

  private readonly itemsJson: Statement<[string], Json<TimelineItem> | null>

  /** Of a JSON list of [entity id, role], those with items in `timeline_entities` and how many, in the given order. */
  private readonly nonEmptyRanges: Statement<[string], TimelineRange>

  constructor(q: Queries, uses: { entities: EntityRepository }) {
    this.q = q
    this.entities = uses.entities
    this.itemsJson = q.db.prepare<[string], Json<TimelineItem> | null>(TIMELINE_ITEMS_JSON).pluck()
    this.nonEmptyRanges = q.db.prepare<[string], TimelineRange>(
      `SELECT entityId, role, items FROM (
         SELECT r.key, r.value ->> 0 AS entityId, r.value ->> 1 AS role,
           (SELECT count(*) FROM timeline_entities t WHERE t.entity_id = r.value ->> 0 AND t.role = r.value ->> 1) AS items
         FROM json_each(?) r)
       WHERE items > 0 ORDER BY key`
    )
  }

  list(query: TimelineQuery & { limit: number }): TimelinePage {
    return parseJson(this.listJson(query))
  }

  /**
   * `list` as the JSON the route sends (json.ts): the page's keys from the read model, then its items made by SQLite in
   * one statement (an event as the events read model stored it, a statement as quote lists show it).
   */
  listJson(query: TimelineQuery & { limit: number }): Json<TimelinePage> {
    const [afterD, afterKind, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string', 'string']) : [null, null, null]
    const entityIds = query.entity === undefined ? null : this.entities.resolveIds(query.entity)
    const filters = {
      from: query.from ?? null,
      to: query.to ?? null,
      entityIds: entityIds === null ? null : JSON.stringify(entityIds),
      placeIds: entityIds === null ? null : this.entities.placeClosure(entityIds)
    }
    // Dated statements and events in date order; with an entity, those it speaks in, acts in or is the place of.
    const source = entityIds === null ? 'timeline_items t' : 'timeline_entities t'
    const params = { ...filters, afterD, afterKind, afterId, limit: query.limit + 1 }
    // an item is one row of timeline_items; under an entity it may be several (a speaker's and a place's)
    const where = conditions(TIMELINE_CONDITIONS, filters)
    const total = this.q.count(
      this.q.shape(entityIds === null ? `SELECT count(*) AS n FROM ${source} WHERE ${where}` : `SELECT count(*) AS n FROM (SELECT DISTINCT t.kind, t.id FROM ${source} WHERE ${where})`),
      filters
    )
    const ranges = entityIds === null ? [] : this.rangesOf(entityIds)
    const keys =
      // merge the entities' ranges when their pages cost less than sorting all their items (see entityKeys)
      entityIds !== null && ranges.reduce((rows, r) => rows + RANGE_COST_ROWS + Math.min(r.items, params.limit), 0) < total
        ? this.entityKeys(ranges, params)
        : this.q
            .shape<TimelineKey>(
              `SELECT ${entityIds === null ? '' : 'DISTINCT'} t.kind, t.id, t.d FROM ${source} WHERE ${conditions(TIMELINE_CONDITIONS, { ...filters, afterD })}
               ORDER BY t.d, t.kind, t.id ${LIMIT}`
            )
            .all(params)
    const page = pageOf(keys, query.limit, (page) => [this.itemsJson.get(JSON.stringify(page.map((k) => [k.kind, k.id, k.d])))], (k) => [k.d, k.kind, k.id], total)
    return jsonPage(page.items, page.nextCursor, page.total)
  }

  /**
   * A page's keys under an entity filter: each (entity, role) has its items in timeline order in its own range of
   * `timeline_entities`' primary key, so each gives at most a page from there, and the page is the first of their merge
   * (an item filed under several is one item). Taken when those pages cost less than sorting every item of the
   * entities (RANGE_COST_ROWS), which grows with them: Trump's first page read 5,269 items at 60k (5.3 ms). A filter
   * whose ranges are many and small (a region of small places) is sorted.
   */
  private entityKeys(ranges: readonly TimelineRange[], params: Record<string, unknown> & { limit: number }): TimelineKey[] {
    const stmt = this.q.shape<TimelineKey>(
      `SELECT t.kind, t.id, t.d FROM timeline_entities t WHERE ${conditions(TIMELINE_ROLE_CONDITIONS, { ...params, entityId: '' })}
       ORDER BY t.d, t.kind, t.id ${LIMIT}`
    )
    const merged = ranges.flatMap((range) => stmt.all({ ...params, ...range })).sort(byTimeline)
    const seen = new Set<string>()
    const keys: TimelineKey[] = []
    for (const key of merged) {
      const item = `${key.kind}\u0000${key.id}`
      if (seen.has(item)) continue
      seen.add(item)
      keys.push(key)
      if (keys.length === params.limit) break
    }
    return keys
  }

  /**
   * The (entity, role) ranges of `timeline_entities` that hold items for an entity filter's entities, with their
   * sizes: theirs as speaker or actor, and the places' inside them as place (a name may resolve to dozens of entities,
   * most of them with nothing on the timeline). Derived once per data generation.
   */
  private rangesOf(entityIds: readonly string[]): readonly TimelineRange[] {
    const places = this.entities.placesInside(entityIds)
    const candidates = [...entityIds.flatMap((entityId) => TIMELINE_ENTITY_ROLES.map((role) => [entityId, role])), ...places.map((entityId) => [entityId, 'place'])]
    const key = JSON.stringify(candidates)
    return this.q.derived('timelineRanges', key, () => this.nonEmptyRanges.all(key))
  }
}
