import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { createConfig } from '../../src/config.js'
import { ConfigError } from '../../src/errors.js'
import { CORS_EXPOSED_HEADERS, parseCorsOrigins } from '../../src/plugins/cors.js'
import { build } from '../helper.js'

const APP = 'https://app.example'
const LOCAL = 'http://localhost:5173'
const EVIL = 'https://evil.example'

const preflight = (origin: string, method = 'GET') => ({
  method: 'OPTIONS' as const,
  url: '/v1/articles',
  headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'if-none-match' }
})

const corsHeaders = (res: LightMyRequestResponse) => Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))
const vary = (res: LightMyRequestResponse) =>
  String(res.headers.vary ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())

t.test('default CORS_ORIGINS=*: any origin may read, preflights are answered', async (t) => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/articles?limit=1', headers: { origin: EVIL } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.equal(res.headers['access-control-expose-headers'], CORS_EXPOSED_HEADERS.join(', '))
  t.notOk(res.headers['access-control-allow-credentials'])
  t.notOk(vary(res).includes('origin'), 'the answer does not depend on Origin')

  const pre = await app.inject(preflight(APP))
  t.equal(pre.statusCode, 204)
  t.equal(pre.headers['access-control-allow-origin'], '*')
  t.equal(pre.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS')
  t.equal(pre.headers['access-control-allow-headers'], 'if-none-match')
  t.equal(pre.headers['access-control-max-age'], '7200')
})

t.test('a configured list: allowed origins are echoed, others get no CORS headers', async (t) => {
  const app = await build(t, { CORS_ORIGINS: `${APP}, ${LOCAL}` })
  for (const origin of [APP, LOCAL]) {
    const pre = await app.inject(preflight(origin))
    t.equal(pre.statusCode, 204, `${origin} preflight`)
    t.equal(pre.headers['access-control-allow-origin'], origin)
    t.equal(pre.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS')
    t.equal(pre.headers['access-control-max-age'], '7200')
    t.ok(vary(pre).includes('origin'))

    const res = await app.inject({ url: '/v1/articles?limit=1', headers: { origin } })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['access-control-allow-origin'], origin)
    t.equal(res.headers['access-control-expose-headers'], CORS_EXPOSED_HEADERS.join(', '))
    t.ok(vary(res).includes('origin'), 'caches keep one answer per Origin')
  }

  const pre = await app.inject(preflight(EVIL))
  t.same(corsHeaders(pre), [], 'a disallowed preflight gets no CORS header')
  t.equal(pre.statusCode, 404)
  const res = await app.inject({ url: '/v1/articles?limit=1', headers: { origin: EVIL } })
  t.equal(res.statusCode, 200, 'the request itself is served (CORS is enforced by the browser)')
  t.same(corsHeaders(res), [], 'but without any CORS header, so a browser will not expose it')
  t.ok(vary(res).includes('origin'))

  const noOrigin = await app.inject('/v1/articles?limit=1')
  t.same(corsHeaders(noOrigin), [], 'same-origin and non-browser requests get none')
  t.ok(vary(noOrigin).includes('origin'))
})

t.test('origins match as browsers send them (case, default port)', async (t) => {
  const app = await build(t, { CORS_ORIGINS: 'https://App.Example:443,http://127.0.0.1:8080' })
  const res = await app.inject({ url: '/health/live', headers: { origin: APP } })
  t.equal(res.headers['access-control-allow-origin'], APP)
  const local = await app.inject({ url: '/health/live', headers: { origin: 'http://127.0.0.1:8080' } })
  t.equal(local.headers['access-control-allow-origin'], 'http://127.0.0.1:8080')
  const otherPort = await app.inject({ url: '/health/live', headers: { origin: 'http://127.0.0.1:8081' } })
  t.notOk(otherPort.headers['access-control-allow-origin'])
})

t.test('* in a list means any origin', async (t) => {
  const app = await build(t, { CORS_ORIGINS: `${APP},*` })
  const res = await app.inject({ url: '/health/live', headers: { origin: EVIL } })
  t.equal(res.headers['access-control-allow-origin'], '*')
})

t.test('a 304 carries the CORS headers too', async (t) => {
  const app = await build(t, { CORS_ORIGINS: APP })
  const first = await app.inject({ url: '/v1/agreements/sochi-2018', headers: { origin: APP } })
  const res = await app.inject({ url: '/v1/agreements/sochi-2018', headers: { origin: APP, 'if-none-match': String(first.headers.etag) } })
  t.equal(res.statusCode, 304)
  t.equal(res.headers['access-control-allow-origin'], APP)
  t.equal(res.headers['access-control-expose-headers'], CORS_EXPOSED_HEADERS.join(', '))
  t.ok(vary(res).includes('origin'))
})

t.test('CORS_ORIGINS is validated at start-up', async (t) => {
  t.equal(createConfig({}).CORS_ORIGINS, '*')
  for (const good of ['*', APP, `${APP},${LOCAL}`, ` ${APP} , ${LOCAL} `, 'http://[::1]:8080', 'https://a.b-c.example:65535']) {
    t.equal(createConfig({ CORS_ORIGINS: good }).CORS_ORIGINS, good, `accepts '${good}'`)
  }
  for (const bad of [`${APP}/`, `${APP}/path`, `${APP}?q=1`, 'ftp://files.example', 'app.example', `${APP}:70000`, `${APP},`, `${APP};${LOCAL}`, '**', 'https://*.example']) {
    t.throws(() => createConfig({ CORS_ORIGINS: bad }), ConfigError, `rejects '${bad}'`)
    t.throws(() => createConfig({ CORS_ORIGINS: bad }), /CORS_ORIGINS/, 'and names the variable')
  }
})

t.test('parseCorsOrigins', async (t) => {
  t.equal(parseCorsOrigins('*'), '*')
  t.equal(parseCorsOrigins(`${APP}, *`), '*')
  t.same([...(parseCorsOrigins(`${APP}, HTTP://LOCALHOST:5173`) as Set<string>)], [APP, LOCAL])
  t.same([...(parseCorsOrigins('https://app.example:443') as Set<string>)], [APP])
})
