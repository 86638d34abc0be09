import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { TimelinePageSchema, TimelineQuerySchema } from '../../schemas/knowledge.js'
import { problemResponse } from '../../schemas/problem.js'
import { assertDateRange, DEFAULT_LIMIT, sendJson } from './collection.js'

const timelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/timeline',
    {
      schema: {
        operationId: 'getTimeline',
        tags: ['timeline'],
        summary: 'What happened around a date: events and statements in date order',
        description:
          'Dated events and quoted statements merged in date order (earliest first; ties: events before quotes, then id), each ' +
          'with its date and precision. `from`/`to` keep items whose date range overlaps them; `entity` (id or name, Arabic ' +
          'or English) keeps its statements and the events it took part in — for a place, the events there or inside it.',
        querystring: TimelineQuerySchema,
        response: { 200: TimelinePageSchema, 400: problemResponse('Invalid query parameter, cursor or date range.') }
      }
    },
    async (request, reply) => {
      const { query } = request
      assertDateRange(query)
      return sendJson(reply, app.store.timeline.listJson({ ...query, limit: query.limit ?? DEFAULT_LIMIT }))
    }
  )
}

export default timelineRoutes
