import path from 'node:path'
import t from 'tap'
import { deferIndexes, deferredIndexes, restoreAllIndexes, restoreIndexes } from '../../src/db/bulk-load.js'
import { articleFacts } from '../../src/corpus/text-facts.js'
import { openDatabase } from '../../src/db/database.js'
import { Store } from '../../src/db/store.js'
import { nameKey, searchForm, searchTerms } from '../../src/search/fold.js'
import { tempDir } from '../helper.js'
import { idlib, putin, quote, SAID, storeWith } from './helpers.js'

const merging = (db: ReturnType<typeof openDatabase>) =>
  ['articles_fts', 'quotes_fts'].map((table) =>
    Object.fromEntries(['automerge', 'crisismerge'].map((k) => [k, db.prepare(`SELECT v FROM ${table}_config WHERE k = ?`).pluck().get(k) ?? 'default']))
  )

const indexes = (db: ReturnType<typeof openDatabase>) =>
  db.prepare("SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as { name: string; tbl: string; sql: string | null }[]

t.test('deferring drops the secondary indexes of the tables a boot writes, and records how to build each again', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const before = indexes(db)
  const n = deferIndexes(db)
  const after = indexes(db)
  const dropped = before.filter((i) => !after.some((a) => a.name === i.name))
  t.equal(dropped.length, n)
  t.ok(dropped.some((i) => i.name === 'articles_cards') && dropped.some((i) => i.name === 'entity_mentions_by_entity'), 'the listing and mention indexes')
  t.same([...new Set(dropped.map((i) => i.tbl))].sort(), ['agreement_mentions', 'articles', 'entity_mentions', 'entity_name_keys', 'event_mentions', 'quotes'])
  t.ok(after.some((i) => i.name === 'sqlite_autoindex_articles_1') && after.some((i) => i.name === 'sqlite_autoindex_quotes_1'), 'unique keys stay: writes look rows up by them')
  t.ok(after.some((i) => i.name === 'entities_by_part_of'), 'tables a boot does not write article by article keep theirs')
  t.same(deferredIndexes(db).map((i) => i.name), dropped.map((i) => i.name).sort())
  t.same(merging(db), [{ automerge: 0, crisismerge: 64 }, { automerge: 0, crisismerge: 64 }], 'the full-text tables merge only when a level holds 64 segments while the load writes')

  const built = [...restoreIndexes(db)]
  t.same(built, dropped.map((i) => i.name).sort(), 'each built again, one step each')
  t.same(indexes(db), before, 'exactly as they were')
  t.same(deferredIndexes(db), [], 'and forgotten')
  t.same(merging(db), [{ automerge: 4, crisismerge: 16 }, { automerge: 4, crisismerge: 16 }], "and as FTS5's defaults again")
  t.equal(restoreAllIndexes(db), 0)
  t.same(merging(db), [{ automerge: 4, crisismerge: 16 }, { automerge: 4, crisismerge: 16 }], 'nothing to build: still the defaults')
})

t.test('a database left with deferred indexes (a first load killed) gets them back when it is opened', async (t) => {
  const file = path.join(tempDir(t), 'news.db')
  const db = openDatabase(file)
  const before = indexes(db)
  deferIndexes(db)
  db.close()
  const again = openDatabase(file)
  t.teardown(() => again.close())
  t.same(indexes(again), before)
  t.same(deferredIndexes(again), [])
  t.equal(restoreAllIndexes(again), 0, 'nothing left to build')
})

t.test('a first load: only on an empty database; the store answers as usual once its indexes are back', async (t) => {
  const { store, write, finish } = storeWith(t)
  t.equal(store.beginFirstLoad(), true)
  t.equal(store.firstLoad, true)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  write('a2', '2020-02-11T09:00:00Z', {})
  t.ok([...store.endFirstLoad()].length > 5, 'one step per index')
  t.equal(store.firstLoad, false)
  finish()
  t.same(store.articles.list({ fts: null, limit: 10 }).items.map((a) => a.id), ['a2', 'a1'])
  t.equal(store.quotes.list({ fts: null, limit: 10, speaker: 'بوتين' }).total, 1)
  t.equal(store.beginFirstLoad(), false, 'a database with articles is never a first load')
  t.equal(store.firstLoad, false)
})

const nameIndex = (db: ReturnType<typeof openDatabase>) =>
  db.prepare('SELECT key, entity_id, expands, item FROM entity_name_keys ORDER BY key, entity_id').all() as { key: string; entity_id: string; expands: string | null; item: string }[]

t.test('a first load writes the name index once at its end: the rows entity-by-entity writes give, from each entity’s last record', async (t) => {
  // the same articles, one store loading them as a first load, the other as an incremental boot (name rows per entity)
  const putinAgain = { ...putin, aliases: ['بوتين', 'الرئيس بوتين'], nameEn: 'V. Putin' }
  const erdogan = { ...putin, id: 'erdogan', name: 'رجب طيب أردوغان', nameEn: 'Recep Tayyip Erdogan', aliases: ['أردوغان'], role: null }
  const unnamed = { ...idlib, id: 'x', name: 'جبهة النصرة', nameEn: null, aliases: [] }
  const load = (first: boolean) => {
    const { db, store, write } = storeWith(t)
    if (!first) write('a0', '2020-02-09T09:00:00Z', {})
    t.equal(store.beginFirstLoad(), first)
    write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
    write('a2', '2020-02-11T09:00:00Z', { entities: [putinAgain, idlib, erdogan, unnamed] })
    if (first) t.same(nameIndex(db), [], 'nothing written while the load runs')
    for (const _step of store.endFirstLoad());
    return { db, store }
  }
  const first = load(true)
  const incremental = load(false)
  const rows = nameIndex(first.db)
  t.same(rows, nameIndex(incremental.db))
  t.ok(rows.some((r) => r.entity_id === 'putin' && r.key === nameKey(searchForm('الرئيس بوتين'))), 'an alias only the last record has')
  t.ok(rows.some((r) => r.entity_id === 'erdogan' && r.expands !== null), 'the names a key adds to a search')
  t.same(JSON.parse(rows.find((r) => r.entity_id === 'x')?.item ?? '{}'), { kind: 'entity', id: 'x', label: 'جبهة النصرة', snippet: null, articleId: null }, 'an entity without an English name')
  t.same(deferredIndexes(first.db), [])
  t.same(
    first.store.search.list({ q: 'Erdogan', ...searchTerms('Erdogan'), limit: 5 }).items.filter((i) => i.kind === 'entity').map((i) => i.id),
    ['erdogan'],
    'searches find entities by it'
  )
})

t.test('a first load killed before its end: the name index is written when the database is opened again', async (t) => {
  const file = path.join(tempDir(t), 'news.db')
  const db = openDatabase(file)
  const store = new Store(db, { linkStatements: () => new Map(), aggregateEvent: () => null })
  t.equal(store.beginFirstLoad(), true)
  store.transaction(() => {
    const article = { id: 'a1', title: 'عنوان', body: 'نص', publishedAt: null, source: null, url: null, origin: 't' }
    const rowid = store.articles.write(article, 'h', '2020-03-01', articleFacts(article), false)
    store.annotations.write(rowid, { entities: [putin], mentions: [], quotes: [], events: [], agreements: [], agreementMentions: [] }, { quotes: [], events: [] }, false)
  })
  t.same(nameIndex(db), [])
  db.close()
  const again = openDatabase(file)
  t.teardown(() => again.close())
  t.same(deferredIndexes(again), [])
  t.ok(nameIndex(again).some((r) => r.entity_id === 'putin' && r.key === 'بوتين'))
})
