import t, { type Test } from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import type { Store } from '../../src/db/store.js'
import httpCache from '../../src/plugins/http-cache.js'
import responseCache from '../../src/plugins/response-cache.js'
import { build } from '../helper.js'

/** A tiny app: /v1/items/:n answers `{ n, generation }` and counts how often its handler ran. */
async function tiny(t: Test, maxBytes = 1_000_000) {
  const state = { generation: 0, calls: 0, bumpDuringRequest: false }
  const app = Fastify()
  await app.register(httpCache, {})
  // the cache follows the store's generation: a stand-in store whose generation the test moves
  const store = { get generation() { return state.generation } } as Store
  await app.register(fp(async (app) => void app.decorate('store', store), { name: 'store' }))
  await app.register(responseCache, { maxBytes, prefix: '/v1/' })
  app.get('/v1/items/:n', async (request) => {
    state.calls++
    const n = Number((request.params as { n: string }).n)
    if (state.bumpDuringRequest) state.generation++
    if (n === 404) return (await import('../../src/errors.js')).notFound('item', '404')
    return { n, generation: state.generation, pad: 'x'.repeat(n) }
  })
  app.get('/other', async () => {
    state.calls++
    return { ok: true }
  })
  t.teardown(() => app.close())
  return { app, state }
}

t.test('a repeated GET is answered from memory with the same body and validators', async (t) => {
  const { app, state } = await tiny(t)
  const first = await app.inject('/v1/items/3')
  const second = await app.inject('/v1/items/3')
  t.equal(state.calls, 1, 'the handler ran once')
  t.equal(second.statusCode, 200)
  t.equal(second.body, first.body)
  t.equal(second.headers.etag, first.headers.etag)
  t.equal(second.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(second.headers['cache-control'], first.headers['cache-control'])
  const revalidated = await app.inject({ url: '/v1/items/3', headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(revalidated.statusCode, 304, 'If-None-Match still gives 304 on a hit')
  t.equal(revalidated.body, '')
  await app.inject('/v1/items/3?x=1')
  t.equal(state.calls, 2, 'another URL is another entry')
  await app.inject('/other')
  await app.inject('/other')
  t.equal(state.calls, 4, 'paths outside the prefix are never cached')
  await app.inject({ method: 'HEAD', url: '/v1/items/3' })
  t.equal(state.calls, 5, 'HEAD goes through its handler')
})

t.test('a change of generation empties it; a body made while the data moved is not kept', async (t) => {
  const { app, state } = await tiny(t)
  await app.inject('/v1/items/1')
  state.generation++
  const after = await app.inject('/v1/items/1')
  t.equal(state.calls, 2)
  t.equal(JSON.parse(after.body).generation, 1, 'the new data, not the cached body')
  state.bumpDuringRequest = true
  await app.inject('/v1/items/2')
  state.bumpDuringRequest = false
  await app.inject('/v1/items/2')
  t.equal(state.calls, 4, 'the body of a request during which the generation moved was not cached')
})

t.test('errors are not cached; memory is bounded, least recently used out first', async (t) => {
  const { app, state } = await tiny(t, 12_000) // entries up to 600 bytes, overhead included
  t.equal((await app.inject('/v1/items/404')).statusCode, 404)
  await app.inject('/v1/items/404')
  t.equal(state.calls, 2, 'a 404 runs its handler every time')
  await app.inject('/v1/items/400')
  await app.inject('/v1/items/400')
  t.equal(state.calls, 4, 'an entry over 5% of the memory is not kept')
  state.calls = 0
  for (let n = 100; n < 140; n++) await app.inject(`/v1/items/${n}`) // 40 × ~450 bytes > 12,000
  const stats = app.responseCacheStats()
  t.ok(stats.bytes <= 12_000, `${stats.bytes} bytes counted, within the budget`)
  t.ok(stats.entries < 40 && stats.entries > 15, `${stats.entries} entries kept`)
  await app.inject('/v1/items/139')
  t.equal(state.calls, 40, 'the most recent entry is still there')
  await app.inject('/v1/items/100')
  t.equal(state.calls, 41, 'the oldest was evicted')
})

t.test('an entry is counted as its UTF-8 body, its URL and ETag, and a measured overhead', async (t) => {
  const { ENTRY_OVERHEAD_BYTES, entryBytes } = await import('../../src/plugins/response-cache.js')
  const { app } = await tiny(t)
  const res = await app.inject('/v1/items/50')
  const stats = app.responseCacheStats()
  t.equal(stats.entries, 1)
  const body = Buffer.from(res.body)
  t.equal(stats.bytes, body.length + '/v1/items/50'.length + String(res.headers.etag).length + ENTRY_OVERHEAD_BYTES)
  t.equal(stats.bytes, entryBytes('/v1/items/50', body, String(res.headers.etag)))
  const hit = await app.inject('/v1/items/50')
  t.equal(hit.body, res.body, 'a hit sends the same bytes')
  t.equal(hit.headers['content-length'], String(body.length))
  t.equal(entryBytes('/v1/x?q=إدلب', body, 'W/"x"') - entryBytes('/v1/x?q=abcd', body, 'W/"x"'), '/v1/x?q=abcd'.length, 'a URL with Arabic letters is counted at two bytes a character')
})

t.test('RESPONSE_CACHE_BYTES=0 turns it off', async (t) => {
  const { app, state } = await tiny(t, 0)
  await app.inject('/v1/items/1')
  await app.inject('/v1/items/1')
  t.equal(state.calls, 2)
})

t.test('in the service: a repeated list is not queried again, and a boot that writes empties the cache', async (t) => {
  const app = await build(t)
  let queries = 0
  const list = app.store.articles.listJson.bind(app.store.articles)
  app.store.articles.listJson = (query) => {
    queries++
    return list(query)
  }
  const a = await app.inject('/v1/articles?limit=2')
  const b = await app.inject('/v1/articles?limit=2')
  t.equal(queries, 1)
  t.equal(a.body, b.body)
  app.store.articles.removeExcept(new Set(['004_30cea961def05e77']))
  const c = await app.inject('/v1/articles?limit=2')
  t.equal(queries, 2, 'a write moved the generation')
  t.equal(JSON.parse(c.body).total, 1)
})

t.test('in the service: cached answers still count against the rate limit', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '2' })
  t.equal((await app.inject('/v1/articles?limit=1')).statusCode, 200)
  t.equal((await app.inject('/v1/articles?limit=1')).statusCode, 200)
  t.equal((await app.inject('/v1/articles?limit=1')).statusCode, 429, 'the budget applies to hits too')
})
