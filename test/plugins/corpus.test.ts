import t from 'tap'
import { build, json, tempDir } from '../helper.js'

t.test('while a first load builds the database, /v1 answers 503 notReady with Retry-After; the probes answer as usual', async (t) => {
  // an empty corpus boots at once; the first load is then begun by hand, as a boot into an empty database begins it
  const app = await build(t, { CORPUS_DIR: tempDir(t) })
  t.equal(app.store.beginFirstLoad(), true)
  const during = await app.inject('/v1/articles?limit=2')
  t.equal(during.statusCode, 503)
  t.equal(during.headers['retry-after'], '10')
  t.equal(during.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(json(during), { type: 'https://news-intel.example/problems/notReady', detail: /loading into an empty database/ })
  t.equal((await app.inject('/health/live')).statusCode, 200)
  t.equal((await app.inject('/openapi.json')).statusCode, 200, 'only /v1 waits')
  for (const _index of app.store.endFirstLoad());
  const after = await app.inject('/v1/articles?limit=2')
  t.equal(after.statusCode, 200)
  t.same(json<{ items: unknown[] }>(after).items, [])
})
