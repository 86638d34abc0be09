import t from 'tap'
import { etagOf, noneMatch } from '../../src/plugins/http-cache.js'
import { build } from '../helper.js'

const LIST = '/v1/articles?limit=2'
const ARTICLE = '/v1/articles/004_30cea961def05e77'
const WEAK_ETAG = /^W\/"[A-Za-z0-9_-]{27}"$/

t.test('every /v1 GET 200 has a weak ETag and public, max-age=60', async (t) => {
  const app = await build(t)
  for (const url of [LIST, ARTICLE, '/v1/quotes?limit=1', '/v1/events?limit=1', '/v1/agreements/sochi-2018', '/v1/entities/peskov']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.match(res.headers.etag, WEAK_ETAG, `${url} has a weak ETag`)
    t.equal(res.headers['cache-control'], 'public, max-age=60', `${url} is cacheable for 60 s`)
    t.equal(res.headers.etag, etagOf(res.body), `${url} ETag is the hash of the body`)
  }
})

t.test('the ETag is stable across identical requests and differs for a different query', async (t) => {
  const app = await build(t)
  const a = await app.inject(LIST)
  const b = await app.inject({ url: LIST, headers: { 'x-request-id': 'another-request' } })
  t.equal(a.headers.etag, b.headers.etag, 'same URL, same tag (the request id is a header, not part of the body)')
  const other = await app.inject('/v1/articles?limit=3')
  t.not(other.headers.etag, a.headers.etag, 'different query, different tag')
  // The tag follows the content, not the spelling of the URL: two queries with the same answer share it.
  const all = await app.inject('/v1/articles?limit=100')
  const allAgain = await app.inject('/v1/articles?limit=50')
  t.equal(JSON.parse(all.body).items.length, 5)
  t.equal(all.headers.etag, allAgain.headers.etag, 'same answer, same tag')
})

t.test('If-None-Match: a matching tag gives 304 with no body and the same validators', async (t) => {
  const app = await build(t)
  const first = await app.inject(LIST)
  const etag = String(first.headers.etag)
  const res = await app.inject({ url: LIST, headers: { 'if-none-match': etag } })
  t.equal(res.statusCode, 304)
  t.equal(res.body, '')
  t.equal(res.headers.etag, etag)
  t.equal(res.headers['cache-control'], 'public, max-age=60')
  t.notOk(res.headers['content-type'], 'no content type on a 304')
  t.notOk(res.headers['content-length'], 'no content length on a GET 304')
  t.ok(res.headers['x-request-id'], 'the request id is still echoed')
})

t.test('If-None-Match: lists, *, and weak comparison', async (t) => {
  const app = await build(t)
  const etag = String((await app.inject(LIST)).headers.etag)
  const strong = etag.slice(2)
  const cases: [string, number][] = [
    [`"nope", ${etag}`, 304],
    [`W/"a",W/"b" ,  ${etag} ,"c"`, 304],
    ['*', 304],
    [strong, 304], // weak comparison: W/"x" matches "x"
    ['"nope"', 200],
    ['W/"nope", "other"', 200],
    [`${etag.slice(0, -2)}"`, 200],
    ['', 200]
  ]
  for (const [header, status] of cases) {
    const res = await app.inject({ url: LIST, headers: { 'if-none-match': header } })
    t.equal(res.statusCode, status, `If-None-Match: ${header}`)
    t.equal(res.headers.etag, etag, `If-None-Match: ${header} keeps the tag`)
    if (status === 200) t.equal(JSON.parse(res.body).items.length, 2, 'mismatch sends the body')
  }
})

t.test('HEAD has the same validators and honours If-None-Match', async (t) => {
  const app = await build(t)
  const get = await app.inject(ARTICLE)
  const head = await app.inject({ method: 'HEAD', url: ARTICLE })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers.etag, get.headers.etag)
  t.equal(head.headers['cache-control'], 'public, max-age=60')
  t.equal(head.headers['content-length'], get.headers['content-length'])
  const cond = await app.inject({ method: 'HEAD', url: ARTICLE, headers: { 'if-none-match': String(get.headers.etag) } })
  t.equal(cond.statusCode, 304)
  t.equal(cond.body, '')
  t.equal(cond.headers.etag, get.headers.etag)
})

t.test('errors get no-store and no ETag, whatever If-None-Match says', async (t) => {
  const app = await build(t)
  for (const [url, status] of [
    ['/v1/articles/no-such-article', 404],
    ['/v1/no-such-route', 404],
    ['/v1/articles?limit=500', 400],
    ['/v1/quotes?articleId=no-such-article', 404]
  ] as const) {
    for (const headers of [{}, { 'if-none-match': '*' }]) {
      const res = await app.inject({ url, headers })
      t.equal(res.statusCode, status, url)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.equal(res.headers['cache-control'], 'no-store', `${url} is not stored`)
      t.notOk(res.headers.etag, `${url} has no ETag`)
    }
  }
})

t.test('health probes are no-store, without a validator', async (t) => {
  const app = await build(t)
  for (const url of ['/health/live', '/health/ready']) {
    const res = await app.inject({ url, headers: { 'if-none-match': '*' } })
    t.equal(res.statusCode, 200, `${url} always answers in full`)
    t.equal(res.headers['cache-control'], 'no-store')
    t.notOk(res.headers.etag)
  }
})

t.test('the contract and the docs are revalidated on every use (no-cache + ETag)', async (t) => {
  const app = await build(t)
  for (const url of ['/openapi.json', '/docs/json', '/docs/']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['cache-control'], 'no-cache', url)
    t.match(res.headers.etag, WEAK_ETAG, url)
    const cond = await app.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } })
    t.equal(cond.statusCode, 304, `${url} revalidates to 304`)
  }
  const asset = await app.inject('/docs/static/swagger-ui.css')
  t.equal(asset.statusCode, 200)
  t.ok(asset.headers.etag, "Swagger UI's static files keep @fastify/static's own validators")
})

t.test('CACHE_MAX_AGE sets the /v1 max-age', async (t) => {
  const app = await build(t, { CACHE_MAX_AGE: '300' })
  t.equal((await app.inject(LIST)).headers['cache-control'], 'public, max-age=300')
  t.equal((await app.inject('/health/live')).headers['cache-control'], 'no-store')
})

t.test('noneMatch', async (t) => {
  const tag = 'W/"abc"'
  t.equal(noneMatch(undefined, tag), false)
  t.equal(noneMatch('*', tag), true)
  t.equal(noneMatch('"abc"', tag), true)
  t.equal(noneMatch('W/"abc"', tag), true)
  t.equal(noneMatch(' "x" , W/"abc" ', tag), true)
  t.equal(noneMatch('"abcd"', tag), false)
  t.equal(noneMatch('abc', tag), false, 'an unquoted token is not a tag')
  t.equal(noneMatch('"abc"', '"abc"'), true)
})
