/**
 * A frontend's view of the API: openapi-fetch typed by openapi/types.ts (generated from openapi/openapi.json), against
 * a live server on a real port, through Stoplight Prism's validating proxy: every response, errors and 304s included,
 * is checked against the contract by a validator this project did not write, and the run fails on any violation.
 * It typechecks only while the contract, the generated types and this consumer agree.
 * When an endpoint is added to the contract, run `npm run types` and add it here.
 */
import t, { type Test } from 'tap'
import createClient from 'openapi-fetch'
import type { components, paths } from '../../openapi/types.js'
import { build } from '../helper.js'
import { responseViolations, startPrismProxy } from './prism.js'

type Problem = components['schemas']['Problem']

const A000 = '000_b4eebee602e972a1'
const A003 = '003_0789d3dc42499c10'
const A004 = '004_30cea961def05e77'

const app = await build(t)
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
const upstream = `http://127.0.0.1:${address.port}`
const prism = await startPrismProxy(t, upstream)
/** Every exchange, with what Prism found wrong in the response. */
const exchanges: { url: string; status: number; violations: string[] }[] = []
const client = createClient<paths>({
  baseUrl: prism,
  fetch: async (request: Request) => {
    const response = await fetch(request)
    exchanges.push({ url: request.url.slice(prism.length), status: response.status, violations: responseViolations(response).map((v) => `${v.location.join('.')}: ${v.message}`) })
    return response
  }
})

/** The error branch of an openapi-fetch result is typed as the contract's Problem. */
function expectProblem(t: Test, error: Problem | undefined, status: number): Problem {
  t.ok(error, `a ${status} problem`)
  t.equal(error?.status, status)
  t.match(error?.type, /^https:\/\//)
  t.type(error?.requestId, 'string')
  return error as Problem
}

t.test('health: live and ready', async (t) => {
  const live = await client.GET('/health/live')
  t.equal(live.data?.status, 'ok')
  const ready = await client.GET('/health/ready')
  t.equal(ready.response.status, 200)
  t.equal(ready.data?.status, 'ready')
  t.equal(ready.data?.articles, 5)
  t.equal(ready.data?.boot.status, 'ready')
  t.equal(ready.response.headers.get('cache-control'), 'no-store')
})

t.test('articles: list, filters, paging, detail', async (t) => {
  const { data, response } = await client.GET('/v1/articles', { params: { query: { limit: 2 } } })
  t.equal(response.status, 200)
  t.equal(data?.total, 5)
  t.equal(data?.items.length, 2)
  t.equal(data?.items[0]?.id, A003, 'newest first')
  const next = await client.GET('/v1/articles', { params: { query: { limit: 2, cursor: data?.nextCursor ?? undefined } } })
  t.equal(next.data?.items.length, 2)
  t.notSame(next.data?.items.map((a) => a.id), data?.items.map((a) => a.id), 'the cursor moves on')

  const feb = await client.GET('/v1/articles', { params: { query: { from: '2020-02-13', to: '2020-02-18' } } })
  t.same(feb.data?.items.map((a) => a.publishedAt), ['2020-02-18', '2020-02-13'])
  const search = await client.GET('/v1/articles', { params: { query: { q: 'مذكرة سوتشي' } } })
  t.same(search.data?.items.map((a) => a.id), ['001_d988bde6b7a87097'], 'Arabic query parameters survive the client')

  const article = await client.GET('/v1/articles/{id}', { params: { path: { id: A004 } } })
  t.equal(article.data?.id, A004)
  t.equal(article.data?.publishedAt, '2020-03-14')
  t.equal(article.data?.language, 'ar')
  t.ok((article.data?.body.length ?? 0) > 500, 'the detail carries the body')
})

t.test('quotes: who said what in article 000', async (t) => {
  const { data } = await client.GET('/v1/quotes', { params: { query: { articleId: A000, limit: 100 } } })
  t.ok((data?.items.length ?? 0) > 0)
  t.ok(data?.items.every((q) => q.articleId === A000))
  const peskov = data?.items.filter((q) => q.speaker?.nameEn === 'Dmitry Peskov') ?? []
  t.ok(peskov.length > 0, 'Dmitry Peskov is quoted')
  const first = peskov[0]
  t.equal(first?.speaker?.type, 'person')
  t.ok(first?.kind === 'direct' || first?.kind === 'indirect')

  const byPeskov = await client.GET('/v1/quotes', { params: { query: { speaker: 'Peskov', limit: 100 } } })
  t.ok(byPeskov.data?.items.length)
  t.ok(byPeskov.data?.items.every((q) => q.speaker?.id === 'peskov'), 'speaker filter by English name')

  const one = await client.GET('/v1/quotes/{id}', { params: { path: { id: first?.id ?? '' } } })
  t.equal(one.data?.id, first?.id)
  t.equal(one.data?.text, first?.text)
})

t.test('events: what happened in article 003', async (t) => {
  const { data } = await client.GET('/v1/events', { params: { query: { articleId: A003, limit: 100 } } })
  const attack = data?.items.find((e) => e.type === 'attack' && e.locations.some((l) => l.id === 'idlib'))
  t.ok(attack, 'an attack in Idlib')
  t.ok(attack?.mentions.some((m) => m.articleId === A003))
  t.ok(attack?.actors.some((a) => a.nameEn === 'Syrian government forces'))

  const attacks = await client.GET('/v1/events', { params: { query: { type: 'attack', location: 'Idlib', limit: 100 } } })
  t.ok(attacks.data?.items.length)
  t.ok(attacks.data?.items.every((e) => e.type === 'attack'))

  const one = await client.GET('/v1/events/{id}', { params: { path: { id: attack?.id ?? '' } } })
  t.equal(one.data?.id, attack?.id)
  t.equal(one.data?.status, attack?.status)
})

t.test('agreements: the Sochi memorandum', async (t) => {
  const { data } = await client.GET('/v1/agreements')
  t.ok(data?.items.some((a) => a.id === 'sochi-2018'))
  const sochi = await client.GET('/v1/agreements/{id}', { params: { path: { id: 'sochi-2018' } } })
  t.equal(sochi.data?.signedOn, '2018-09-17')
  t.equal(sochi.data?.place?.nameEn, 'Sochi')
  t.same(sochi.data?.parties.map((p) => p.id).sort(), ['russia', 'turkey'])
  t.ok((sochi.data?.mentionCount ?? 0) >= 1)
  t.ok(Array.isArray(sochi.data?.statements) && Array.isArray(sochi.data?.events), 'the detail lists statements and events')
})

t.test('entities: list and detail', async (t) => {
  const { data } = await client.GET('/v1/entities', { params: { query: { articleId: A000, limit: 100 } } })
  t.ok(data?.items.some((e) => e.id === 'peskov'))
  const peskov = await client.GET('/v1/entities/{id}', { params: { path: { id: 'peskov' } } })
  t.equal(peskov.data?.nameEn, 'Dmitry Peskov')
  t.equal(peskov.data?.type, 'person')
  t.equal(peskov.data?.affiliation?.id, 'kremlin')
  t.ok((peskov.data?.statementCount ?? 0) > 0)
})

t.test('timeline: statements and events in date order', async (t) => {
  const { data } = await client.GET('/v1/timeline', { params: { query: { entity: 'peskov', limit: 100 } } })
  t.ok(data?.items.length)
  const dates = data?.items.map((i) => i.date.start) ?? []
  t.same(dates, [...dates].sort(), 'earliest first')
  for (const item of data?.items ?? []) {
    t.ok(item.kind === 'quote' ? item.quote?.speaker?.id === 'peskov' : item.event !== null, `${item.kind} ${item.date.start}`)
  }
})

t.test('search across kinds', async (t) => {
  const { data } = await client.GET('/v1/search', { params: { query: { q: 'Sochi' } } })
  t.ok(data?.items.some((h) => h.kind === 'agreement' && h.id === 'sochi-2018'))
})

t.test('typed errors: 404 and 400 are problem+json', async (t) => {
  const missing = await client.GET('/v1/articles/{id}', { params: { path: { id: 'no-such-article' } } })
  t.equal(missing.response.status, 404)
  t.equal(missing.data, undefined)
  t.match(missing.response.headers.get('content-type'), /application\/problem\+json/)
  expectProblem(t, missing.error, 404)

  const missingEntity = await client.GET('/v1/entities/{id}', { params: { path: { id: 'no-such-entity' } } })
  expectProblem(t, missingEntity.error, 404)

  const tooMany = await client.GET('/v1/articles', { params: { query: { limit: 500 } } })
  t.equal(tooMany.response.status, 400)
  const problem = expectProblem(t, tooMany.error, 400)
  t.same(problem.errors?.map((e) => e.name), ['limit'])
  t.equal(tooMany.response.headers.get('cache-control'), 'no-store')
})

t.test('unknown query parameters are accepted and ignored, as the contract says', async (t) => {
  const plain = await client.GET('/v1/articles', { params: { query: { limit: 2 } } })
  // What proxies, analytics links and cache-busting clients append; openapi-fetch sends any extra query entries.
  for (const extra of [{ _: '1700000000000' }, { utm_source: 'newsletter', utm_medium: 'email' }]) {
    const query = { limit: 2, ...extra } as { limit: number }
    const res = await client.GET('/v1/articles', { params: { query } })
    t.equal(res.response.status, 200, Object.keys(extra).join('&'))
    t.same(res.data?.items.map((a) => a.id), plain.data?.items.map((a) => a.id))
  }
  t.ok(exchanges.some((e) => e.url.includes('utm_source=newsletter')), 'the unknown parameters went through the proxy')
})

t.test('CORS and HTTP caching as a browser client sees them', async (t) => {
  const origin = 'https://frontend.example'
  const first = await client.GET('/v1/agreements/{id}', { params: { path: { id: 'sochi-2018' } }, headers: { origin } })
  const etag = first.response.headers.get('etag')
  t.match(etag, /^W\/"/)
  t.equal(first.response.headers.get('access-control-allow-origin'), '*')
  t.match(first.response.headers.get('access-control-expose-headers'), /ETag/, 'the ETag is readable from a browser')
  const again = await client.GET('/v1/agreements/{id}', {
    params: { path: { id: 'sochi-2018' } },
    headers: { origin, 'if-none-match': etag ?? '' }
  })
  t.equal(again.response.status, 304)
  t.equal(again.data, undefined)
})

t.test('Prism found no response that breaks the contract', async (t) => {
  t.ok(exchanges.length >= 25, `${exchanges.length} exchanges through the validating proxy`)
  t.ok(exchanges.some((e) => e.status === 304) && exchanges.some((e) => e.status === 400) && exchanges.some((e) => e.status === 404), '304, 400 and 404 among them')
  t.same(
    exchanges.filter((e) => e.violations.length > 0),
    [],
    'sl-violations on no response'
  )
})
