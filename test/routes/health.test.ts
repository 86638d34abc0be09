import { writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { createConfig } from '../../src/config.js'
import type { Problem } from '../../schemas/problem.js'
import type { Readiness } from '../../schemas/health.js'
import { build, json, tempDir } from '../helper.js'

t.test('live answers at once; ready reports articles and the boot', async (t) => {
  const app = await build(t)
  const live = await app.inject('/health/live')
  t.equal(live.statusCode, 200)
  t.same(json(live), { status: 'ok' })
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 200)
  const body = json<Readiness>(ready)
  t.match(body, { status: 'ready', articles: 5, snapshot: null, boot: { status: 'ready', read: 5, inserted: 5, skippedTotal: 0 } })
  t.type(body.boot.durationMs, 'number')
  t.match(body.dataVersion, /^[0-9a-f]{16}$/, 'the data version of the booted corpus')
  t.equal(body.dataVersion, app.corpus.dataVersion)
  t.equal(ready.headers['x-data-version'], body.dataVersion, 'named in a header too')
  t.equal((await app.inject('/v1/articles')).headers['x-data-version'], body.dataVersion, 'and on /v1 answers')
  t.equal(live.headers['x-data-version'], undefined, 'not on liveness, which says nothing about data')
})

t.test('ready is 503 problem+json while the corpus is booting', async (t) => {
  const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `a${i}`, title: `عنوان ${i}`, body: 'نص قصير.' }))
  const dir = tempDir(t, { 'big.jsonl': lines.join('\n') })
  const app = await buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent', CORPUS_DIR: dir, INGEST_BATCH_SIZE: '1' }))
  t.teardown(() => app.close())
  await app.ready()
  const during = await app.inject('/health/ready')
  t.equal(during.statusCode, 503)
  t.match(during.headers['content-type'], /application\/problem\+json/)
  t.match(json<Problem>(during), { status: 503, detail: /booting/ })
  t.equal(during.headers['x-data-version'], undefined, 'no data version while the data is being written')
  t.equal((await app.inject('/v1/articles')).headers['x-data-version'], undefined)
  t.equal((await app.inject('/health/live')).statusCode, 200, 'live while booting')
  await app.corpus.done
  t.equal((await app.inject('/health/ready')).statusCode, 200)
})

t.test('reboot is incremental: unchanged articles are not re-extracted, removed ones are deleted', async (t) => {
  const dir = tempDir(t, { 'a.txt': 'عنوان أ\nنص أ', 'b.txt': 'عنوان ب\nنص ب', 'c.txt': 'عنوان ج\nنص ج' })
  const dbPath = path.join(tempDir(t), 'news.db')
  const boot = async () => {
    const app = await buildApp(createConfig({ DB_PATH: dbPath, LOG_LEVEL: 'silent', CORPUS_DIR: dir }))
    await app.ready()
    const report = await app.corpus.done
    const articles = app.store.articles.count()
    await app.close()
    return { report, articles }
  }
  const first = await boot()
  t.match(first.report, { inserted: 3, updated: 0, unchanged: 0, removed: 0 })
  const second = await boot()
  t.match(second.report, { inserted: 0, updated: 0, unchanged: 3, removed: 0 })
  writeFileSync(path.join(dir, 'b.txt'), 'عنوان ب\nنص ب معدل')
  const { rmSync } = await import('node:fs')
  rmSync(path.join(dir, 'c.txt'))
  writeFileSync(path.join(dir, 'd.jsonl'), JSON.stringify({ id: 'd', title: 'د', body: 'نص د' }))
  const third = await boot()
  t.match(third.report, { inserted: 1, updated: 1, unchanged: 1, removed: 1 })
  t.equal(third.articles, 3)
})

t.test('duplicate ids across files: the first wins, the second is reported', async (t) => {
  const dir = tempDir(t, { 'x.txt': 'عنوان\nنص', 'y.jsonl': JSON.stringify({ id: 'x', title: 'آخر', body: 'نص آخر' }) })
  const app = await build(t, { CORPUS_DIR: dir })
  const ready = json<Readiness>(await app.inject('/health/ready'))
  t.match(ready, { articles: 1, boot: { skippedTotal: 1, skipped: [{ file: 'y.jsonl', line: 1, id: 'x', reason: /duplicate id/ }] } })
})

t.test('a missing corpus directory or an unusable database path fails at start-up, clearly', async (t) => {
  await t.rejects(buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent', CORPUS_DIR: '/nonexistent/corpus' })), {
    name: 'ConfigError',
    message: /CORPUS_DIR \/nonexistent\/corpus is not a directory/
  })
  const file = path.join(tempDir(t), 'not-a-dir')
  writeFileSync(file, 'x')
  await t.rejects(buildApp(createConfig({ DB_PATH: path.join(file, 'news.db'), LOG_LEVEL: 'silent' })), { name: 'ConfigError', message: /cannot open DB_PATH/ })
})

t.test('an app closed before it was ever ready closes at once', async (t) => {
  const app = await buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent' }))
  await app.close()
  t.pass('closed without hanging')
})
