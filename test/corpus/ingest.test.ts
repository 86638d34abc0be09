import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pino from 'pino'
import t, { type Test } from 'tap'
import type { SourceArticle } from '../../schemas/corpus.js'
import { contentHash, corpusFingerprint, dataVersion, emptyReport, ingestCorpus, POOL_MIN_ARTICLES, type Extractor } from '../../src/corpus/ingest.js'
import { articleFacts } from '../../src/corpus/text-facts.js'
import type { ExtractPool } from '../../src/corpus/extract-pool.js'
import { openDatabase } from '../../src/db/database.js'
import { Store } from '../../src/db/store.js'
import { aggregateEvent } from '../../src/pipeline/event-aggregate.js'
import { tempDir } from '../helper.js'

/** An extractor that records what it is asked to do; its "annotations" are the article's title. */
function recorder(version = 'v1') {
  const calls = { extracted: [] as string[], written: [] as string[], finished: 0, steps: 0 }
  const extractor: Extractor<string> = {
    version,
    extract: (article) => {
      calls.extracted.push(article.id)
      return article.title
    },
    write: (_rowid, article, annotations) => {
      if (annotations !== article.title) throw new Error('annotations of another article')
      calls.written.push(article.id)
    },
    *finish() {
      calls.finished++
      for (let i = 0; i < 3; i++) {
        calls.steps++
        yield
      }
    }
  }
  return { extractor, calls }
}

function storeFor(t: Test) {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  return new Store(db, { linkStatements: () => new Map(), aggregateEvent })
}

const jsonl = (articles: { id: string; title: string; body?: string }[]) =>
  `${articles.map((a) => JSON.stringify({ publishedAt: '2020-02-10', source: 's', body: `نص ${a.id}`, ...a })).join('\n')}\n`

async function boot(store: Store, dir: string, extractor: Extractor<string>, extra: Partial<Parameters<typeof ingestCorpus<string>>[2]> = {}) {
  return ingestCorpus(store, emptyReport(dir), {
    corpusDir: dir,
    batchSize: 2,
    maxBytes: 100_000,
    dateline: () => null,
    extractor,
    log: pino({ level: 'silent' }),
    ...extra
  })
}

t.test('a first boot stores every article, extracts each once, then runs the corpus-wide steps', async (t) => {
  const dir = tempDir(t, { 'a.jsonl': jsonl([{ id: 'a1', title: 'أ' }, { id: 'a2', title: 'ب' }, { id: 'a3', title: 'ج' }]) })
  const store = storeFor(t)
  const { extractor, calls } = recorder()
  const report = await boot(store, dir, extractor)
  t.match(report, { status: 'ready', files: 1, read: 3, inserted: 3, updated: 0, unchanged: 0, removed: 0, skippedTotal: 0 })
  t.type(report.durationMs, 'number')
  t.same(calls.extracted, ['a1', 'a2', 'a3'])
  t.same(calls.written, ['a1', 'a2', 'a3'])
  t.same([calls.finished, calls.steps], [1, 3])
  t.equal(store.articles.count(), 3)
  t.equal(store.articles.storedHash('a1'), contentHash({ id: 'a1', title: 'أ', body: 'نص a1', publishedAt: '2020-02-10', source: 's', url: null, origin: '' }, 'v1'))
  t.ok(store.corpusState.get(), 'a complete boot is recorded')
})

t.test('a boot writes with a bigger page cache and rarer WAL checkpoints, and leaves the usual ones for serving', async (t) => {
  const dir = tempDir(t, { 'a.jsonl': jsonl([{ id: 'a1', title: 'أ' }, { id: 'a2', title: 'ب' }, { id: 'a3', title: 'ج' }]) })
  const store = storeFor(t)
  const settings = () => [store.db.pragma('cache_size', { simple: true }), store.db.pragma('wal_autocheckpoint', { simple: true })]
  const before = settings()
  const { extractor } = recorder()
  const during: unknown[][] = []
  const write = extractor.write
  extractor.write = (...args) => {
    during.push(settings())
    write(...args)
  }
  await boot(store, dir, extractor)
  t.same(during[0], [-65536, 16384], 'while writing: 64 MB of cache, a checkpoint every 16,384 pages')
  t.same(settings(), before, 'after: as they were')
})

t.test('a boot that wrote a quarter of the corpus or more merges the full-text indexes; a small one leaves them', async (t) => {
  const articles = Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, title: `عنوان ${i}` }))
  const dir = tempDir(t, { 'a.jsonl': jsonl(articles) })
  const store = storeFor(t)
  await boot(store, dir, recorder().extractor)
  t.equal([...store.mergeFullText()].length, 0, 'a first load of six batches: merged before it was ready')
  writeFileSync(path.join(dir, 'a.jsonl'), jsonl(articles.map((a, i) => (i === 0 ? { ...a, title: 'عنوان جديد' } : a))))
  t.match(await boot(store, dir, recorder().extractor), { updated: 1, unchanged: 11 })
  t.ok([...store.mergeFullText()].length > 0, 'one article of twelve: its segment left to FTS5\u2019s own merging')
  t.same(store.articles.list({ fts: '"جديد"', limit: 10 }).items.map((a) => a.id), ['a0'])
})

t.test('an unchanged corpus is not read again; a changed one: only what changed is extracted, what is gone removed', async (t) => {
  const dir = tempDir(t, { 'a.jsonl': jsonl([{ id: 'a1', title: 'أ' }, { id: 'a2', title: 'ب' }, { id: 'a3', title: 'ج' }]) })
  const store = storeFor(t)
  await boot(store, dir, recorder().extractor)

  const again = recorder()
  const unchanged = await boot(store, dir, again.extractor)
  t.match(unchanged, { status: 'ready', read: 3, unchanged: 3, inserted: 0 }, 'the saved report is repeated')
  t.same([again.calls.extracted, again.calls.finished], [[], 0], 'nothing read, extracted or rebuilt')

  writeFileSync(path.join(dir, 'a.jsonl'), jsonl([{ id: 'a1', title: 'أ' }, { id: 'a2', title: 'ب تغير' }, { id: 'a4', title: 'د' }]))
  const changed = recorder()
  const report = await boot(store, dir, changed.extractor)
  t.match(report, { inserted: 1, updated: 1, unchanged: 1, removed: 1 })
  t.same(changed.calls.extracted, ['a2', 'a4'])
  t.equal(changed.calls.finished, 1)
  t.same(store.articles.list({ fts: null, limit: 10 }).items.map((a) => a.id).sort(), ['a1', 'a2', 'a4'])

  const newPipeline = recorder('v2')
  t.match(await boot(store, dir, newPipeline.extractor), { updated: 3, unchanged: 0 }, 'a new pipeline version extracts everything again')
})

t.test('a first load writes without the secondary indexes and builds them before the corpus-wide steps', async (t) => {
  const dir = tempDir(t, { 'a.jsonl': jsonl([{ id: 'a1', title: 'أ' }, { id: 'a2', title: 'ب' }, { id: 'a3', title: 'ج' }]) })
  const store = storeFor(t)
  const hasCards = () => store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'articles_cards'").pluck().get() === 1
  const seen: { writing: boolean[]; finishing: boolean[] } = { writing: [], finishing: [] }
  const { extractor } = recorder()
  const watching: Extractor<string> = {
    ...extractor,
    write: (rowid, article, annotations, replaces) => {
      seen.writing.push(store.firstLoad, hasCards(), replaces)
      extractor.write(rowid, article, annotations, replaces)
    },
    *finish() {
      seen.finishing.push(store.firstLoad, hasCards())
      yield* extractor.finish()
    }
  }
  t.match(await boot(store, dir, watching), { status: 'ready', inserted: 3 })
  t.same(seen.writing.slice(0, 3), [true, false, false], 'while writing: a first load, no listing index, nothing to replace')
  t.same(seen.finishing, [false, true], 'the indexes are back before the read models are built')

  writeFileSync(path.join(dir, 'a.jsonl'), jsonl([{ id: 'a1', title: 'أ تغير' }]))
  seen.writing = []
  await boot(store, dir, watching)
  t.same(seen.writing, [false, true, true], 'the next boot: not a first load, indexes kept, the article replaced')
})

t.test('duplicate ids and bad lines are skipped and reported; corpus content never stops the boot', async (t) => {
  const dir = tempDir(t, { 'a.jsonl': `${jsonl([{ id: 'a1', title: 'أ' }, { id: 'a1', title: 'مكرر' }])}{broken\n` })
  const store = storeFor(t)
  const report = await boot(store, dir, recorder().extractor)
  t.equal(report.status, 'ready')
  t.equal(report.inserted, 1)
  t.equal(report.skippedTotal, 2)
  t.match(report.skipped, [{ id: 'a1', reason: /duplicate id/ }, { line: 3 }])
})

t.test('a shutdown stops the boot between batches: what was written stays, the boot is not recorded', async (t) => {
  const articles = Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, title: `عنوان ${i}` }))
  const dir = tempDir(t, { 'a.jsonl': jsonl(articles) })
  const store = storeFor(t)
  const abort = new AbortController()
  const { extractor, calls } = recorder()
  const stopping: Extractor<string> = {
    ...extractor,
    extract: (article) => {
      if (article.id === 'a3') abort.abort()
      return extractor.extract(article)
    }
  }
  const report = await boot(store, dir, stopping, { signal: abort.signal })
  t.match(report, { status: 'failed', error: 'boot interrupted by shutdown' })
  t.equal(store.articles.count(), 4, 'the batches written before the shutdown')
  t.equal(calls.finished, 0, 'no corpus-wide steps')
  t.equal(store.corpusState.get(), null)
})

t.test('a pool extracts batches of POOL_MIN_ARTICLES or more; a failed job is done again on the main thread', async (t) => {
  const articles = Array.from({ length: POOL_MIN_ARTICLES + 6 }, (_, i) => ({ id: `a${String(i).padStart(3, '0')}`, title: `عنوان ${i}` }))
  const dir = tempDir(t, { 'a.jsonl': jsonl(articles) })
  const store = storeFor(t)
  const { extractor, calls } = recorder()
  const pooled: string[] = []
  let closed = 0
  const pool = (): ExtractPool<string> => ({
    extract: async (doc) => {
      if (doc.id === 'a005') throw new Error('worker died')
      pooled.push(doc.id)
      return { annotations: doc.title, facts: articleFacts(doc) }
    },
    close: async () => {
      closed++
    }
  })
  const report = await boot(store, dir, extractor, { batchSize: POOL_MIN_ARTICLES, pool })
  t.match(report, { status: 'ready', inserted: articles.length })
  t.equal(pooled.length, articles.length - 1, 'once started, the pool extracts every batch, the small last one too')
  t.same(calls.extracted, ['a005'], 'the failed job, again on the main thread')
  t.same(calls.written, articles.map((a) => a.id), 'every article written once, in corpus order')
  t.equal(closed, 1, 'the pool is closed at the end')
})

t.test('a handful of changed articles is not worth starting the pool', async (t) => {
  const dir = tempDir(t, { 'a.jsonl': jsonl([{ id: 'a1', title: 'أ' }, { id: 'a2', title: 'ب' }]) })
  const { extractor, calls } = recorder()
  let started = 0
  const pool = (): ExtractPool<string> => {
    started++
    throw new Error('not for two articles')
  }
  t.match(await boot(storeFor(t), dir, extractor, { batchSize: 500, pool }), { status: 'ready', inserted: 2 })
  t.equal(started, 0)
  t.same(calls.extracted, ['a1', 'a2'])
})

t.test('content hashes and fingerprints: what a boot outcome depends on', async (t) => {
  const article: SourceArticle = { id: 'a', title: 't', body: 'b', publishedAt: null, source: null, url: null, origin: 'x' }
  const base = contentHash(article, 'v1')
  t.equal(contentHash({ ...article, origin: 'y' }, 'v1'), base, 'not where it was read from')
  for (const change of [{ title: 'T' }, { body: 'B' }, { publishedAt: '2020-01-01' }, { source: 's' }, { url: 'u' }]) {
    t.not(contentHash({ ...article, ...change }, 'v1'), base, Object.keys(change).join())
  }
  t.not(contentHash(article, 'v2'), base, 'the pipeline version')

  const dir = tempDir(t, { 'a.jsonl': '{}\n', 'notes.md': 'x' })
  const first = await corpusFingerprint(dir, 'v1', 1000)
  t.equal(await corpusFingerprint(dir, 'v1', 1000), first)
  writeFileSync(path.join(dir, 'other.md'), 'y')
  t.equal(await corpusFingerprint(dir, 'v1', 1000), first, 'files the reader never opens do not count')
  t.not(await corpusFingerprint(dir, 'v1', 2000), first, 'the size limit')
  t.not(await corpusFingerprint(dir, 'v2', 1000), first, 'the pipeline version')
  writeFileSync(path.join(dir, 'b.txt'), 'عنوان\nنص')
  const added = await corpusFingerprint(dir, 'v1', 1000)
  t.not(added, first, 'a new corpus file')
  rmSync(path.join(dir, 'b.txt'))
  t.equal(await corpusFingerprint(dir, 'v1', 1000), first)
  const elsewhere = tempDir(t, { 'a.jsonl': '{}\n' })
  t.equal(await corpusFingerprint(elsewhere, 'v1', 1000), first, 'not where the directory is: the same files give the same fingerprint anywhere')
})

t.test('the data version: a digest of the corpus fingerprint and the pipeline version', async (t) => {
  const version = dataVersion('f1', 'v1')
  t.match(version, /^[0-9a-f]{16}$/)
  t.equal(dataVersion('f1', 'v1'), version, 'the same inputs, the same version')
  t.not(dataVersion('f2', 'v1'), version, 'another corpus')
  t.not(dataVersion('f1', 'v2'), version, 'another pipeline')
})

t.test('pipeline stages that threw are counted by stage and the first named; the article is stored all the same', async (t) => {
  const many = Array.from({ length: 120 }, (_, i) => ({ id: `f${i}`, title: i % 2 ? 'events' : 'ok' }))
  const dir = tempDir(t, { 'a.jsonl': jsonl(many) })
  const store = storeFor(t)
  const { extractor } = recorder()
  const failing: Extractor<string> = { ...extractor, failures: (title) => (title === 'events' ? [{ stage: 'events', error: 'boom' }] : []) }
  const report = await boot(store, dir, failing, { batchSize: 50 })
  t.match(report, { status: 'ready', inserted: 120 })
  t.same(report.extractionFailures, { events: 60 })
  t.ok(report.warnings.some((w) => /article f1: the events stage failed \(boom\)/.test(w)))
  t.ok(report.warnings.length <= 100, 'named for the first ones only')
  t.equal(store.articles.count(), 120)
  t.same((await boot(store, dir, failing, { batchSize: 50 })).extractionFailures, { events: 60 }, 'an unchanged corpus repeats its report')
})
