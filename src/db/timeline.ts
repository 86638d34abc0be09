import type { TimelinePage, TimelineQuery } from '../../schemas/knowledge.js'
import { decodeCursor } from './cursor.js'
import type { EntityRepository } from './entities.js'
import type { EventRepository } from './events.js'
import { pageOf } from './paging.js'
import { conditions, type Conditions, type Queries } from './queries.js'
import type { QuoteRepository } from './quotes.js'

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
 * The timeline: dated statements and events in date order, from the timeline read models (read-models.ts); each item
 * as the quotes and events repositories show it.
 */
export class TimelineRepository {
  private readonly q: Queries
  private readonly entities: EntityRepository
  private readonly quotes: QuoteRepository
  private readonly events: EventRepository

  constructor(q: Queries, uses: { entities: EntityRepository; quotes: QuoteRepository; events: EventRepository }) {
    this.q = q
    this.entities = uses.entities
    this.quotes = uses.quotes
    this.events = uses.events
  }

  list(query: TimelineQuery & { limit: number }): TimelinePage {
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
       ORDER BY t.d, t.kind, t.id LIMIT @limit`
      )
      .all({ ...filters, afterD, afterKind, afterId, limit: query.limit + 1 })
    // an item is one row of timeline_items; under an entity it may be several (a speaker's and a place's)
    const where = conditions(TIMELINE_CONDITIONS, filters)
    const total = this.q.count(
      this.q.shape(entityIds === null ? `SELECT count(*) AS n FROM ${source} WHERE ${where}` : `SELECT count(*) AS n FROM (SELECT DISTINCT t.kind, t.id FROM ${source} WHERE ${where})`),
      filters
    )
    const ref = this.entities.refResolver()
    const toItems = (page: typeof keys) =>
      page.flatMap((k): TimelinePage['items'] => {
        if (k.kind === 'event') {
          const event = this.events.listed(k.id)
          return event?.date ? [{ kind: 'event', date: event.date, event, quote: null }] : []
        }
        const quote = this.quotes.get(k.id, ref)
        if (!quote) return []
        return [{ kind: 'quote', date: quote.date ?? { start: k.d, end: k.d, precision: 'day', text: '' }, event: null, quote }]
      })
    return pageOf(keys, query.limit, toItems, (k) => [k.d, k.kind, k.id], total)
  }
}
