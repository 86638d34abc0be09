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

  constructor(q: Queries, uses: { entities: EntityRepository }) {
    this.q = q
    this.entities = uses.entities
    this.itemsJson = q.db.prepare<[string], Json<TimelineItem> | null>(TIMELINE_ITEMS_JSON).pluck()
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
    const keys = this.q
      .shape<{ kind: string; id: string; d: string }>(
        `SELECT ${entityIds === null ? '' : 'DISTINCT'} t.kind, t.id, t.d FROM ${source} WHERE ${conditions(TIMELINE_CONDITIONS, { ...filters, afterD })}
       ORDER BY t.d, t.kind, t.id ${LIMIT}`
      )
      .all({ ...filters, afterD, afterKind, afterId, limit: query.limit + 1 })
    // an item is one row of timeline_items; under an entity it may be several (a speaker's and a place's)
    const where = conditions(TIMELINE_CONDITIONS, filters)
    const total = this.q.count(
      this.q.shape(entityIds === null ? `SELECT count(*) AS n FROM ${source} WHERE ${where}` : `SELECT count(*) AS n FROM (SELECT DISTINCT t.kind, t.id FROM ${source} WHERE ${where})`),
      filters
    )
    const page = pageOf(keys, query.limit, (page) => [this.itemsJson.get(JSON.stringify(page.map((k) => [k.kind, k.id, k.d])))], (k) => [k.d, k.kind, k.id], total)
    return jsonPage(page.items, page.nextCursor, page.total)
  }
}
