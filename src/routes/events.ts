import type { FastifyInstance } from 'fastify'
import { EventListQuerySchema, EventPageSchema, EventSchema, type EventListQuery } from '../../schemas/knowledge.js'
import { registerCollection } from './collection.js'

export default async function eventRoutes(app: FastifyInstance) {
  registerCollection<unknown, unknown, EventListQuery>(app, {
    name: 'events',
    noun: 'event',
    operationIds: { list: 'listEvents', get: 'getEvent' },
    itemSchema: EventSchema,
    pageSchema: EventPageSchema,
    querySchema: EventListQuerySchema,
    listDescription:
      'Events (attacks, territorial control, deployments, displacement, talks, ceasefires, patrols, threats, withdrawals) ' +
      'with resolved date, places, actors, fatalities and every mention. The same event reported by several articles is one event. ' +
      'Latest date first; undated events last. With `articleId`, the events that article mentions (each still lists all its mentions). ' +
      'Filters combine and apply to one mention: `type`, `status`, `location` (a place and every place inside it), `actor`, ' +
      '`minFatalities`, `bbox` (`minLon,minLat,maxLon,maxLat`), `from`/`to` (date-range overlap; undated events are left out).',
    getDescription: 'One event with all its mentions across the corpus.',
    list: (query) => app.store.listEvents(query),
    get: (id) => app.store.getEvent(id)
  })
}
