import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Json } from '../db/json.js'
import type { Static, TSchema } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { problemResponse } from '../../schemas/problem.js'
import { idParamsSchema, KnowledgeListQuerySchema } from '../../schemas/knowledge.js'
import { AppError, notFound } from '../errors.js'

export const DEFAULT_LIMIT = 20

/**
 * Sends JSON bytes a repository made (db/json.ts) as they are, with the Content-Type the serialiser would have set:
 * a Buffer with a JSON Content-Type skips serialisation. The repositories' tests check those bytes against the schemas'
 * object mappings, and the contract tests check every response against the contract.
 */
export function sendJson<T>(reply: FastifyReply, json: Json<T>): FastifyReply {
  return reply.header('content-type', 'application/json; charset=utf-8').send(json)
}

/** `from` after `to` is a client error, not an empty page. */
export function assertDateRange(query: { from?: string | undefined; to?: string | undefined }): void {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new AppError('badDateRange', '`from` is after `to`', [{ in: 'query', name: 'from', detail: 'must not be after `to`' }])
  }
}

/**
 * A list + detail pair. The handlers' types come from the schemas: `list` takes the query schema's type (with a
 * limit) and must return the page schema's, `get` the item schema's or null, so a handler that returns another shape
 * does not compile.
 */
export interface CollectionSpec<Item extends TSchema, Page extends TSchema, Query extends TSchema> {
  /** URL segment and OpenAPI tag, e.g. `quotes`. */
  name: string
  /** Singular noun for summaries and 404s, e.g. `quote`. */
  noun: string
  /** OpenAPI operation ids, e.g. `{ list: 'listQuotes', get: 'getQuote' }`. */
  operationIds: { list: string; get: string }
  itemSchema: Item
  pageSchema: Page
  /** Query-string schema of the list route (default: limit, cursor, articleId). */
  querySchema?: Query
  /** Checks across parameters the schema cannot express; throws a 400 AppError. Runs after validation. */
  checkQuery?: (query: Static<Query>) => void
  /** An id of this resource in the seeds: the `{id}` example. */
  idExample: string
  listDescription: string
  getDescription: string
  list: (query: Static<Query> & { limit: number }) => Static<Page> | Json<Static<Page>>
  get: (id: string) => Static<Item> | null
}

/** The list + detail pair every extracted-knowledge resource has: same paging, same article filter, same errors. */
export function registerCollection<Item extends TSchema, Page extends TSchema, Query extends TSchema = typeof KnowledgeListQuerySchema>(
  parent: FastifyInstance,
  spec: CollectionSpec<Item, Page, Query>
): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    `/${spec.name}`,
    {
      schema: {
        operationId: spec.operationIds.list,
        tags: [spec.name],
        summary: `List ${spec.name}`,
        description: `${spec.listDescription} Filter by \`articleId\` (404 when no such article); page with \`cursor\` = the previous \`nextCursor\`.`,
        querystring: spec.querySchema ?? KnowledgeListQuerySchema,
        response: {
          // widened: the route's own return type is checked through `spec.list` (Static<Page>) instead
          200: spec.pageSchema as TSchema,
          400: problemResponse('Invalid query parameter or cursor.'),
          404: problemResponse('No article has the given `articleId`.')
        }
      },
      preHandler: (request, _reply, done) => {
        const { checkQuery } = spec
        if (checkQuery === undefined) return done()
        try {
          checkQuery(request.query as Static<Query>)
          done()
        } catch (error) {
          done(error as Error)
        }
      }
    },
    async (request, reply) => {
      // The schema above validated the query; its static type is the spec's Query.
      const query = request.query as Static<Query> & { limit?: number; from?: string; to?: string }
      assertDateRange(query)
      const page = spec.list({ ...query, limit: query.limit ?? DEFAULT_LIMIT })
      return Buffer.isBuffer(page) ? sendJson(reply, page) : page
    }
  )
  app.get(
    `/${spec.name}/:id`,
    {
      schema: {
        operationId: spec.operationIds.get,
        tags: [spec.name],
        summary: `Get one ${spec.noun}`,
        description: spec.getDescription,
        params: idParamsSchema(spec.idExample),
        response: { 200: spec.itemSchema as TSchema, 400: problemResponse('Invalid id.'), 404: problemResponse(`No ${spec.noun} has this id.`) }
      }
    },
    async (request) => {
      const item = spec.get(request.params.id)
      if (item === null) throw notFound(spec.noun, request.params.id)
      return item
    }
  )
}
