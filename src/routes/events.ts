import type { FastifyInstance } from 'fastify'
import { EventListQuerySchema, EventPageSchema, EventSchema, type EventListQuery } from '../../schemas/knowledge.js'
import { AppError } from '../errors.js'
import { SEED } from '../../schemas/examples.js'
import { registerCollection } from './collection.js'

/** The schema's pattern bounds each coordinate; the order of the corners it cannot check. */
export function assertBoundingBox(query: EventListQuery): void {
  if (query.bbox === undefined) return
  const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = query.bbox.split(',').map(Number)
  const wrong = [minLon > maxLon ? 'minLon is greater than maxLon' : '', minLat > maxLat ? 'minLat is greater than maxLat' : ''].filter(Boolean)
  if (wrong.length > 0) {
    const detail = `${wrong.join(' and ')} (minLon,minLat,maxLon,maxLat; a box across the antimeridian is not supported)`
    throw new AppError('validation', `query/bbox ${detail}`, [{ in: 'query', name: 'bbox', detail }])
  }
}

export default async function eventRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'events',
    noun: 'event',
    operationIds: { list: 'listEvents', get: 'getEvent' },
    itemSchema: EventSchema,
    pageSchema: EventPageSchema,
    querySchema: EventListQuerySchema,
    checkQuery: assertBoundingBox,
    idExample: SEED.eventId,
    listDescription:
      'Events (attacks, territorial control, deployments, displacement, talks, ceasefires, patrols, threats, withdrawals) ' +
      'with resolved date, places, actors, fatalities and every mention. The same event reported by several articles is one event. ' +
      'Latest date first; undated events last. With `articleId`, the events that article mentions (each still lists all its mentions). ' +
      'Filters combine and apply to one mention: `type`, `status`, `location` (a place and every place inside it), `actor`, ' +
      '`minFatalities`, `bbox` (`minLon,minLat,maxLon,maxLat`), `from`/`to` (date-range overlap; undated events are left out).',
    getDescription: 'One event with all its mentions across the corpus.',
    list: (query) => app.store.events.listJson(query),
    get: (id) => app.store.events.get(id)
  })
}
