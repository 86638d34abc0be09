import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleListQuerySchema, ArticlePageSchema, ArticleParamsSchema, ArticleSchema } from '../../schemas/articles.js'
import { problemResponse } from '../../schemas/problem.js'
import { notFound } from '../errors.js'
import { assertDateRange, DEFAULT_LIMIT, sendJson } from './collection.js'
import { ftsFilter } from '../search/fold.js'

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/articles',
    {
      schema: {
        operationId: 'listArticles',
        tags: ['articles'],
        summary: 'List articles, newest first',
        description:
          'Articles ordered by publication instant, newest first (ties by id, descending; undated articles last). ' +
          'Filters combine. `q` is an Arabic-aware full-text search in which every word must match; spelling variants ' +
          'such as أردوغان / إردوغان / اردوغان find the same articles. Page with `cursor` = the previous `nextCursor`.',
        querystring: ArticleListQuerySchema,
        response: { 200: ArticlePageSchema, 400: problemResponse('Invalid query parameter, cursor or date range.') }
      }
    },
    async (request, reply) => {
      const { query } = request
      assertDateRange(query)
      return sendJson(reply, app.store.articles.listJson({ ...query, fts: ftsFilter(query.q), limit: query.limit ?? DEFAULT_LIMIT }))
    }
  )

  app.get(
    '/articles/:id',
    {
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'Get one article with its cleaned body',
        description: 'The served `body` is the cleaned text; every span the API returns indexes into it (UTF-16).',
        params: ArticleParamsSchema,
        response: { 200: ArticleSchema, 400: problemResponse('Invalid id.'), 404: problemResponse('No article has this id.') }
      }
    },
    async (request) => {
      const article = app.store.articles.get(request.params.id)
      if (!article) throw notFound('article', request.params.id)
      return article
    }
  )
}

export default articleRoutes
