import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { createExtractPool, workerEntry } from '../../src/corpus/extract-pool.js'
import { readCorpus } from '../../src/corpus/read.js'
import { createKnowledge } from '../../src/knowledge/extractor.js'
import { extractDocument } from '../../src/pipeline/index.js'
import { DEFAULT_CORPUS_DIR, DEFAULT_KB_DIR as KB_DIR } from '../../src/config.js'
import type { SourceArticle } from '../../schemas/corpus.js'
import { tempDir } from '../helper.js'
import { emptyReport, ingestCorpus } from '../../src/corpus/ingest.js'
import { openDatabase } from '../../src/db/database.js'
import { Store } from '../../src/db/store.js'
import { articleFacts } from '../../src/corpus/text-facts.js'
import pino from 'pino'

const knowledge = createKnowledge(KB_DIR)

async function seedArticles(): Promise<SourceArticle[]> {
  const out: SourceArticle[] = []
  for await (const item of readCorpus(DEFAULT_CORPUS_DIR, { maxBytes: 2_000_000, dateline: knowledge.dateline })) {
    if (item.kind === 'article') out.push(item.article)
  }
  return out
}

t.test('the worker entry is the .ts source under tsx and the compiled .js in dist/', async (t) => {
  const fromSource = workerEntry('file:///app/src/corpus/extract-pool.ts')
  t.equal(fromSource.url.href, 'file:///app/src/corpus/extract-worker.ts')
  t.match(fromSource.bootstrap, /tsx.*register\(\).*extract-worker\.ts/)
  const compiled = workerEntry('file:///app/dist/src/corpus/extract-pool.js')
  t.equal(compiled.url.href, 'file:///app/dist/src/corpus/extract-worker.js')
  t.equal(compiled.bootstrap, null)
})

t.test('the pool gives exactly what extractDocument gives on the seeds', async (t) => {
  const articles = await seedArticles()
  t.equal(articles.length, 5)
  const pool = createExtractPool({ size: 2, kbDir: KB_DIR })
  t.teardown(() => pool.close())
  const fromPool = await Promise.all(articles.map((a) => pool.extract(a)))
  articles.forEach((a, i) => {
    const direct = extractDocument({ id: a.id, title: a.title, body: a.body, publishedAt: a.publishedAt }, knowledge.kb)
    t.ok(direct.quotes.length > 0, `${a.id} has quotes`)
    t.strictSame(fromPool[i]?.annotations, direct, `${a.id}: same annotations`)
    t.strictSame(fromPool[i]?.facts, articleFacts(a), `${a.id}: same text facts`)
  })
})

t.test('a closed pool rejects instead of hanging', async (t) => {
  const pool = createExtractPool({ size: 1, kbDir: KB_DIR })
  await pool.close()
  await t.rejects(pool.extract({ id: 'x', title: 't', body: 'b', publishedAt: null }))
})

/** A jsonl corpus big enough for the boot to start the pool: the seeds repeated under new ids. */
function bigCorpus(t: Parameters<typeof tempDir>[0], articles: SourceArticle[], copies: number): string {
  const lines: string[] = []
  for (let i = 0; i < copies; i++) {
    for (const a of articles) lines.push(JSON.stringify({ id: `${a.id}-${i}`, title: a.title, body: a.body, publishedAt: a.publishedAt, source: a.source, url: a.url }))
  }
  return tempDir(t, { 'corpus.jsonl': `${lines.join('\n')}\n` })
}

const TABLES = [
  'articles', 'entities', 'entity_name_keys', 'entity_mentions', 'quotes', 'event_mentions', 'agreements', 'agreement_mentions',
  'events', 'event_mention_entities', 'timeline_items', 'timeline_entities'
]

t.test('boot with the pool stores the same knowledge as boot on the main thread', async (t) => {
  const dir = bigCorpus(t, await seedArticles(), 26) // 130 articles: batches of 64 start the pool
  const boot = async (withPool: boolean) => {
    const db = openDatabase(':memory:')
    t.teardown(() => db.close())
    const store = new Store(db, knowledge.storeRules)
    let pooled = 0
    const pool = () => {
      const p = createExtractPool({ size: 2, kbDir: KB_DIR })
      return { extract: (a: SourceArticle) => p.extract(a).then((x) => (pooled++, x)), close: () => p.close() }
    }
    const report = await ingestCorpus(store, emptyReport(dir), {
      corpusDir: dir,
      batchSize: 64,
      maxBytes: 2_000_000,
      dateline: knowledge.dateline,
      extractor: knowledge.extractor(store),
      log: pino({ level: 'silent' }),
      ...(withPool ? { pool } : {})
    })
    return { db, report, pooled }
  }
  const pooled = await boot(true)
  const single = await boot(false)
  t.equal(pooled.report.status, 'ready')
  t.equal(pooled.report.inserted, 130)
  t.equal(pooled.pooled, 130, 'every article went through the workers')
  t.equal(single.pooled, 0)
  for (const table of TABLES) {
    const dump = (db: typeof pooled.db) =>
      db
        .prepare(`SELECT * FROM ${table}`)
        .all()
        .map((r) => {
          const { ingested_at: _i, ...rest } = r as Record<string, unknown>
          return JSON.stringify(rest)
        })
        .sort()
    const rows = dump(pooled.db)
    t.ok(rows.length > 0, `${table} has rows`)
    t.strictSame(rows, dump(single.db), `${table}: same rows`)
  }
})

t.test('shutdown during a pooled boot stops it cleanly', async (t) => {
  const dir = bigCorpus(t, await seedArticles(), 200)
  const { buildApp } = await import('../../src/app.js')
  const { createConfig } = await import('../../src/config.js')
  const app = await buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent', CORPUS_DIR: dir, INGEST_BATCH_SIZE: '100', EXTRACT_WORKERS: '2' }))
  await app.ready()
  const live = await app.inject('/health/live')
  t.equal(live.statusCode, 200)
  await new Promise((r) => setTimeout(r, 300))
  await app.close()
  const report = await app.corpus.done
  t.equal(report.status, 'failed')
  t.equal(report.error, 'boot interrupted by shutdown')
  t.ok(app.corpus.report.inserted < 1000)
})

t.test('the worker script exists next to the pool module', async (t) => {
  const dirOfPool = path.dirname(new URL('../../src/corpus/extract-pool.ts', import.meta.url).pathname)
  t.ok(readdirSync(dirOfPool).includes('extract-worker.ts'))
  t.match(readFileSync(path.join(dirOfPool, 'extract-worker.ts'), 'utf8'), /loadKnowledgeBase/)
})
