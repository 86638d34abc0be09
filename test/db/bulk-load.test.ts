import path from 'node:path'
import t from 'tap'
import { deferIndexes, deferredIndexes, restoreAllIndexes, restoreIndexes } from '../../src/db/bulk-load.js'
import { openDatabase } from '../../src/db/database.js'
import { tempDir } from '../helper.js'
import { quote, SAID, storeWith } from './helpers.js'

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
  t.same([...new Set(dropped.map((i) => i.tbl))].sort(), ['agreement_mentions', 'articles', 'entity_mentions', 'event_mentions', 'quotes'])
  t.ok(after.some((i) => i.name === 'sqlite_autoindex_articles_1') && after.some((i) => i.name === 'sqlite_autoindex_quotes_1'), 'unique keys stay: writes look rows up by them')
  t.ok(after.some((i) => i.tbl === 'entity_name_keys'), 'tables a boot does not write article by article keep theirs')
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
