/**
 * Faults, bounded for CI (the 60k-corpus versions are in scripts/soak.ts):
 * - kill -9 during a boot leaves a database the next boot completes: every article complete, none half-written;
 * - SIGTERM under load drains: every request the server received is answered before it exits.
 */
import path from 'node:path'
import http from 'node:http'
import t from 'tap'
import Database from 'better-sqlite3'
import { build, json, tempDir } from '../helper.js'
import { generateCorpus, get, ready, startServer, waitFor } from './child.js'

const ARTICLES = 3000
const BATCH = 100
const PORT = 3500 + (process.pid % 20) * 2

t.test('kill -9 during boot: the next boot repairs the database and serves complete articles only', async (t) => {
  const dir = tempDir(t)
  const corpus = path.join(dir, 'corpus')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(corpus)
  const bodies = await generateCorpus(corpus, ARTICLES)
  const dbPath = path.join(dir, 'data', 'news.db')

  const child = startServer(PORT, { CORPUS_DIR: corpus, DB_PATH: dbPath, INGEST_BATCH_SIZE: String(BATCH), LOG_LEVEL: 'warn' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  // Wait until the boot is under way (whole batches committed), then kill without warning.
  const readSoFar = await waitFor(
    'boot in progress',
    async () => {
      const res = await get(PORT, '/health/ready')
      if (res.status === 200) throw new Error('boot finished before the kill; use a larger corpus')
      const probe = new Database(dbPath, { readonly: true, fileMustExist: true })
      try {
        const n = (probe.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n
        return n >= 3 * BATCH ? n : undefined
      } finally {
        probe.close()
      }
    },
    60_000,
    5
  )
  child.proc.kill('SIGKILL')
  const exit = await child.exited
  t.equal(exit.signal, 'SIGKILL', `killed with ${readSoFar} articles committed`)

  const db = new Database(dbPath)
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'the killed database is intact (WAL)')
  const stored = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n
  db.close()
  t.ok(stored < ARTICLES, `the boot was interrupted: ${stored} of ${ARTICLES} stored`)
  t.equal(stored % BATCH, 0, 'whole batches only: each batch is one transaction, nothing half-written')

  // no load shedding: on a busy machine the boot's event-loop delay sheds the requests that follow it (503)
  const app = await build(t, { CORPUS_DIR: corpus, DB_PATH: dbPath, INGEST_BATCH_SIZE: String(BATCH), RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' })
  const boot = json<{ articles: number; boot: { unchanged: number; inserted: number } }>(await app.inject('/health/ready'))
  t.equal(boot.articles, ARTICLES, 'the next boot completes the corpus')
  t.equal(boot.boot.unchanged, stored, 'what the killed boot wrote is kept (unchanged)')
  t.equal(boot.boot.inserted, ARTICLES - stored, 'and the rest is inserted')
  const check = new Database(dbPath, { readonly: true })
  t.same(check.pragma('foreign_key_check'), [], 'no dangling annotation rows')
  check.close()
  for (const id of [...bodies.keys()].filter((_v, i) => i % 97 === 0)) {
    const res = await app.inject(`/v1/articles/${id}`)
    t.equal(res.statusCode, 200)
    t.equal(json<{ body: string }>(res).body, bodies.get(id), `${id} is complete`)
  }
})

t.test('SIGTERM under load: in-flight requests are drained, none dropped', async (t) => {
  const dir = tempDir(t)
  const { mkdirSync } = await import('node:fs')
  mkdirSync(path.join(dir, 'corpus'))
  await generateCorpus(path.join(dir, 'corpus'), 300)
  const port = PORT + 1
  const child = startServer(port, { CORPUS_DIR: path.join(dir, 'corpus'), DB_PATH: path.join(dir, 'news.db'), LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '10000' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  await waitFor('ready', ready(port), 60_000)

  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  const outcomes = new Map<string, number>()
  const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1)
  let signalled = 0
  let answeredAfterSignal = 0
  let stop = false
  const urls = ['/v1/articles?limit=100', `/v1/articles?q=${encodeURIComponent('إدلب')}&limit=50`, '/v1/quotes?limit=100', '/v1/events?limit=100', `/v1/search?q=${encodeURIComponent('لافروف')}`]
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      try {
        const res = await get(port, urls[(w + i) % urls.length]!, agent)
        count(String(res.status))
        if (signalled && Date.now() >= signalled) answeredAfterSignal++
      } catch (err) {
        count((err as NodeJS.ErrnoException).code ?? (err as Error).message)
        if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') await new Promise((r) => setTimeout(r, 20))
      }
    }
  }
  const workers = Array.from({ length: 32 }, (_v, w) => worker(w))
  await new Promise((r) => setTimeout(r, 1500))
  signalled = Date.now()
  child.proc.kill('SIGTERM')
  const exit = await child.exited
  stop = true
  await Promise.all(workers)
  agent.destroy()

  // Server side: every request it received was completed (pino logs both ends of each request).
  const logs = child.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string; reqId?: string; requestId?: string })
  const incoming = new Set(logs.filter((l) => l.msg === 'incoming request').map((l) => l.requestId ?? l.reqId))
  const completed = new Set(logs.filter((l) => l.msg === 'request completed').map((l) => l.requestId ?? l.reqId))
  const dropped = [...incoming].filter((id) => !completed.has(id))
  t.comment(`drain: ${incoming.size} requests received, ${completed.size} completed, ${answeredAfterSignal} answered after SIGTERM; client outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`)
  t.equal(exit.code, 0, 'clean exit')
  t.ok(incoming.size > 20, `the server was under load (${incoming.size} requests)`)
  t.same(dropped, [], 'every request the server received was answered')
  t.notOk(outcomes.get('500'), 'no 5xx but the 503s of a closing server')
})
