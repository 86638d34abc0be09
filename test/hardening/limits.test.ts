import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { createConfig } from '../../src/config.js'
import { API_CSP, DOCS_CSP } from '../../src/plugins/security-headers.js'
import { build, json, tempDir } from '../helper.js'

const isProblem = (t: Test, res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) => {
  t.equal(res.statusCode, status)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/)
  t.equal(json<{ status: number }>(res).status, status)
}

t.test('rate limit: past the budget, 429 problem+json with Retry-After; health probes are exempt', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' })
  for (let i = 0; i < 3; i++) {
    const ok = await app.inject('/v1/articles?limit=1')
    t.equal(ok.statusCode, 200)
    t.equal(ok.headers['x-ratelimit-limit'], '3')
  }
  const limited = await app.inject('/v1/articles?limit=1')
  isProblem(t, limited, 429)
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After in seconds')
  t.equal(limited.headers['cache-control'], 'no-store')
  t.match(json<{ type: string }>(limited).type, /tooManyRequests$/)
  for (let i = 0; i < 5; i++) {
    t.equal((await app.inject('/health/live')).statusCode, 200, 'liveness is never limited')
    t.equal((await app.inject('/health/ready')).statusCode, 200, 'readiness is never limited')
  }
})

t.test('rate limit 0 turns it off', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const res = await app.inject('/v1/articles?limit=1')
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['x-ratelimit-limit'])
})

t.test('under pressure: 503 problem+json with Retry-After instead of falling over; probes still answer', async (t) => {
  // A heap limit of 1 byte: every sample is "under pressure".
  const app = await build(t, { MAX_HEAP_USED_BYTES: '1', PRESSURE_RETRY_AFTER_S: '7' })
  await new Promise((resolve) => setTimeout(resolve, 1200)) // one sample interval
  const res = await app.inject('/v1/articles')
  isProblem(t, res, 503)
  t.equal(res.headers['retry-after'], '7')
  t.match(json<{ type: string }>(res).type, /overloaded$/)
  t.equal((await app.inject('/health/live')).statusCode, 200, 'liveness is not shed')
  t.equal((await app.inject('/health/ready')).statusCode, 200, 'readiness is not shed')
})

t.test('an event loop blocked past MAX_EVENT_LOOP_DELAY_MS sheds load, then recovers', async (t) => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY_MS: '50' })
  // Block the loop in slices so the delay histogram sees it, across a sample interval.
  const until = Date.now() + 1300
  while (Date.now() < until) {
    const stop = Date.now() + 200
    while (Date.now() < stop);
    await new Promise((resolve) => setImmediate(resolve))
  }
  const shed = await app.inject('/v1/articles')
  isProblem(t, shed, 503)
  t.ok(shed.headers['retry-after'])
  await new Promise((resolve) => setTimeout(resolve, 2200))
  t.equal((await app.inject('/v1/articles')).statusCode, 200, 'serves again once the loop is free')
})

t.test('request limits: bodies, path parameters, malformed paths, non-finite numbers', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const big = await app.inject({ method: 'POST', url: '/v1/articles', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(20_000) })
  t.ok(big.statusCode === 413 || big.statusCode === 404 || big.statusCode === 405, `large body refused (${big.statusCode})`)
  t.match(String(big.headers['content-type']), /problem\+json/)
  const long = await app.inject(`/v1/articles/${'x'.repeat(4000)}`)
  isProblem(t, long, 414)
  const arabic = await app.inject(`/v1/articles/${encodeURIComponent('ب'.repeat(256))}`)
  isProblem(t, arabic, 404) // a 256-character Arabic id is routed (and simply does not exist)
  isProblem(t, await app.inject('/v1/articles/%ED%A0%80'), 400)
  isProblem(t, await app.inject('/v1/articles/%E0%A4%A'), 400)
  for (const limit of ['1e309', 'Infinity', '-Infinity', '9'.repeat(400)]) {
    const res = await app.inject(`/v1/articles?limit=${limit}`)
    isProblem(t, res, 400)
    t.same(json<{ errors: { name: string }[] }>(res).errors.map((e) => e.name), ['limit'])
  }
})

t.test('security headers: a locked-down CSP on the API, one that lets Swagger UI run on /docs', async (t) => {
  const app = await build(t)
  const api = await app.inject('/v1/articles?limit=1')
  t.equal(api.headers['content-security-policy'], API_CSP)
  t.equal(api.headers['x-content-type-options'], 'nosniff')
  t.equal(api.headers['x-frame-options'], 'DENY')
  t.equal(api.headers['referrer-policy'], 'no-referrer')
  t.equal(api.headers['cross-origin-resource-policy'], 'same-origin')
  t.match(String(api.headers['strict-transport-security']), /max-age=31536000/)
  t.notOk(api.headers['x-powered-by'])
  const problem = await app.inject('/v1/nothing')
  t.equal(problem.headers['content-security-policy'], API_CSP, 'errors too')
  t.equal(problem.headers['x-content-type-options'], 'nosniff')
  const docs = await app.inject('/docs/')
  t.equal(docs.statusCode, 200)
  t.equal(docs.headers['content-security-policy'], DOCS_CSP)
  // Swagger UI's page loads only same-origin scripts, no inline ones: 'self' is enough.
  t.notMatch(docs.body, /<script>(?!\s*<\/script>)[^<]+<\/script>/, 'no inline script in the page')
  const asset = await app.inject('/docs/static/swagger-ui-bundle.js')
  t.equal(asset.statusCode, 200)
  t.equal(asset.headers['content-security-policy'], DOCS_CSP)
  const initializer = await app.inject('/docs/static/swagger-initializer.js')
  t.equal(initializer.statusCode, 200)
  t.equal((await app.inject('/docs/json')).statusCode, 200)
})

t.test('a missing, unusable or read-only data directory is a clear start-up error', async (t) => {
  const dir = tempDir(t)
  const file = path.join(dir, 'a-file')
  writeFileSync(file, 'x')
  await t.rejects(buildApp(createConfig({ DB_PATH: path.join(file, 'news.db'), LOG_LEVEL: 'silent' })), {
    name: 'ConfigError',
    message: /cannot open DB_PATH .*(not a directory|cannot create its directory)/
  })
  // /proc refuses new files even to root.
  await t.rejects(buildApp(createConfig({ DB_PATH: '/proc/news-intel/news.db', LOG_LEVEL: 'silent' })), { name: 'ConfigError', message: /cannot open DB_PATH/ })
  await t.rejects(buildApp(createConfig({ DB_PATH: '/proc/news.db', LOG_LEVEL: 'silent' })), { name: 'ConfigError', message: /not writable/ })
  if (process.getuid?.() !== 0) {
    const ro = path.join(dir, 'ro')
    mkdirSync(ro)
    chmodSync(ro, 0o555)
    t.teardown(() => chmodSync(ro, 0o755))
    await t.rejects(buildApp(createConfig({ DB_PATH: path.join(ro, 'news.db'), LOG_LEVEL: 'silent' })), { name: 'ConfigError', message: /not writable/ })
  }
  // A data directory that does not exist yet is created.
  const app = await buildApp(createConfig({ DB_PATH: path.join(dir, 'new', 'deeper', 'news.db'), LOG_LEVEL: 'silent' }))
  await app.ready()
  await app.corpus.done
  await app.close()
})

t.test('rate limit behind a proxy: TRUST_PROXY decides whose address is the client', async (t) => {
  const from = (ip: string) => ({ url: '/v1/articles?limit=1', headers: { 'x-forwarded-for': ip } })
  const trusting = await build(t, { RATE_LIMIT_MAX: '1', TRUST_PROXY: '127.0.0.1' })
  t.equal((await trusting.inject(from('203.0.113.1'))).statusCode, 200)
  t.equal((await trusting.inject(from('203.0.113.2'))).statusCode, 200, 'another client behind the proxy has its own budget')
  t.equal((await trusting.inject(from('203.0.113.1'))).statusCode, 429, 'the same client is limited')
  const untrusting = await build(t, { RATE_LIMIT_MAX: '1' })
  t.equal((await untrusting.inject(from('203.0.113.1'))).statusCode, 200)
  t.equal((await untrusting.inject(from('203.0.113.2'))).statusCode, 429, 'by default X-Forwarded-For is not believed: one peer, one budget')
})
