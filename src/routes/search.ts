import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SearchPageSchema, SearchQuerySchema } from '../../schemas/knowledge.js'
import { problemResponse } from '../../schemas/problem.js'
import { searchTerms } from '../search/fold.js'
import { DEFAULT_LIMIT, sendJson } from './collection.js'

const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        operationId: 'search',
        tags: ['search'],
        summary: 'Find anything: entities, agreements, statements and articles',
        description:
          'One ordered list: entities and agreements whose name or alias matches (Arabic or English: Erdogan, إردوغان, Idlib, ' +
          'Sochi, M4), then statements and articles containing the words — or the Arabic names of the entities the query named — ' +
          'newest first. Arabic-aware: hamza forms, ى/ي, ة/ه, harakat and attached و/ال are folded. Page with `cursor`.',
        querystring: SearchQuerySchema,
        response: { 200: SearchPageSchema, 400: problemResponse('Invalid query, or no searchable words.') }
      }
    },
    async (request, reply) => {
      return sendJson(reply, app.store.search.listJson({ ...request.query, ...searchTerms(request.query.q), limit: request.query.limit ?? DEFAULT_LIMIT }))
    }
  )
}

export default searchRoutes
