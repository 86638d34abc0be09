import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { EntityDetailSchema, EntityPageSchema, QuoteListQuerySchema, QuotePageSchema, QuoteSchema } from '../../schemas/knowledge.js'
import type { Store } from '../../src/db/store.js'
import errorHandler from '../../src/plugins/error-handler.js'
import { registerCollection } from '../../src/routes/collection.js'

const ItemSchema = Type.Object({ id: Type.String() })
const PageSchema = Type.Object({ items: Type.Array(ItemSchema), nextCursor: Type.Union([Type.String(), Type.Null()]), total: Type.Integer() })
const QuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String())
})

async function things(t: Test) {
  const seen: unknown[] = []
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorHandler)
  registerCollection(app, {
    name: 'things',
    noun: 'thing',
    operationIds: { list: 'listThings', get: 'getThing' },
    idExample: 'a',
    itemSchema: ItemSchema,
    pageSchema: PageSchema,
    querySchema: QuerySchema,
    listDescription: 'Things.',
    getDescription: 'One thing.',
    list: (query) => {
      seen.push(query)
      return { items: [{ id: 'a' }], nextCursor: null, total: query.limit }
    },
    get: (id) => (id === 'a' ? { id } : null)
  })
  return { app, seen }
}

t.test('the list gets the validated query with a default limit; from after to is a 400', async (t) => {
  const { app, seen } = await things(t)
  const page = await app.inject('/things')
  t.equal(page.statusCode, 200)
  t.same(page.json(), { items: [{ id: 'a' }], nextCursor: null, total: 20 })
  t.same(seen, [{ limit: 20 }])
  t.equal((await app.inject('/things?limit=3')).json().total, 3)
  const bad = await app.inject('/things?from=2020-03-01&to=2020-02-01')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { errors: [{ in: 'query', name: 'from' }] })
})

t.test('the detail is 404 problem+json for an unknown id', async (t) => {
  const { app } = await things(t)
  t.same((await app.inject('/things/a')).json(), { id: 'a' })
  const missing = await app.inject('/things/b')
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { detail: "thing 'b' does not exist" })
})

/** Never called: `npm run typecheck` fails if a handler that returns the wrong shape compiles. */
export function wrongShapesDoNotCompile(app: FastifyInstance, store: Store): void {
  registerCollection(app, {
    name: 'quotes',
    noun: 'quote',
    operationIds: { list: 'listQuotes', get: 'getQuote' },
    idExample: 'q',
    itemSchema: QuoteSchema,
    pageSchema: QuotePageSchema,
    querySchema: QuoteListQuerySchema,
    listDescription: '',
    getDescription: '',
    // @ts-expect-error an entity page is not a quote page
    list: (query) => store.entities.list(query),
    // @ts-expect-error an entity is not a quote
    get: (id) => store.entities.getDetail(id)
  })
  registerCollection(app, {
    name: 'entities',
    noun: 'entity',
    operationIds: { list: 'listEntities', get: 'getEntity' },
    idExample: 'e',
    itemSchema: EntityDetailSchema,
    pageSchema: EntityPageSchema,
    listDescription: '',
    getDescription: '',
    list: (query) => store.entities.list(query),
    get: (id) => store.entities.getDetail(id)
  })
}
