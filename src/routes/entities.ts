import type { FastifyInstance } from 'fastify'
import { EntityDetailSchema, EntityPageSchema } from '../../schemas/knowledge.js'
import { SEED } from '../../schemas/examples.js'
import { registerCollection } from './collection.js'

export default async function entityRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'entities',
    noun: 'entity',
    operationIds: { list: 'listEntities', get: 'getEntity' },
    itemSchema: EntityDetailSchema,
    pageSchema: EntityPageSchema,
    idExample: SEED.entityId,
    listDescription:
      'People, organisations, countries, armed groups, places and media the corpus mentions — from the knowledge base or ' +
      'discovered through title patterns — with names in Arabic and English and aliases. By id. With `articleId`, the ' +
      'entities that article mentions, quotes or names in events.',
    getDescription: 'One entity with its aliases, role, affiliation and coordinates, and how often it is mentioned, quoted and in events.',
    list: (query) => app.store.entities.list(query),
    get: (id) => app.store.entities.getDetail(id)
  })
}
