import type { Test } from 'tap'
import t from 'tap'
import { deferIndexes, restoreAllIndexes } from '../../src/db/bulk-load.js'
import { eventTypeCode, quoteFtsKey } from '../../src/db/columns.js'
import { migrate, openDatabase, type SqliteDatabase } from '../../src/db/database.js'
import { migrations } from '../../src/db/migrations.js'
import { searchForm } from '../../src/search/fold.js'

/** A new database (every migration applied) made to look like one at `version`: `sql` puts back what came after. */
function databaseAt(t: Test, version: number, sql: string): SqliteDatabase {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  db.exec(`PRAGMA user_version = ${version};\n${sql}`)
  return db
}

/** The name index as migrations up to 13 left it: keys only. */
const NAME_KEYS_AT_13 = `DROP TABLE entity_name_keys;
  CREATE TABLE entity_name_keys (key TEXT NOT NULL, entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    PRIMARY KEY (key, entity_id)) STRICT, WITHOUT ROWID;
  CREATE INDEX entity_name_keys_by_entity ON entity_name_keys (entity_id);`

/** A database at 13 (its name index as 13 left it, empty) holding one knowledge-base entity. */
function nameIndexAt13(t: Test, entity: { id: string; name: string; nameEn: string; type: string; aliases: string[] }): SqliteDatabase {
  const db = databaseAt(t, 13, NAME_KEYS_AT_13)
  db.prepare("INSERT INTO entities (id, name, name_en, type, aliases, source, rule_id, confidence) VALUES (?, ?, ?, ?, ?, 'kb', 'kb', 1)").run(
    entity.id,
    entity.name,
    entity.nameEn,
    entity.type,
    JSON.stringify(entity.aliases)
  )
  return db
}

t.test('migrations are numbered 1, 2, 3 … in order, each named', async (t) => {
  t.same(migrations.map((m) => m.version), migrations.map((_, i) => i + 1))
  for (const m of migrations) t.ok(m.name.length > 0 && m.sql.trim().length > 0, `${m.version} has a name and SQL`)
})

t.test('a new database has every table the repositories use, all STRICT', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE%'").all() as { name: string; sql: string }[]
  const names = tables.map((r) => r.name)
  for (const name of ['articles', 'entities', 'entity_mentions', 'entity_name_keys', 'quotes', 'event_mentions', 'agreements', 'agreement_mentions',
    'events', 'event_mention_entities', 'timeline_items', 'timeline_entities', 'corpus_state']) {
    t.ok(names.includes(name), name)
  }
  const shadow = /^(articles_fts|quotes_fts|event_mention_days|event_spans)_/ // the full-text and R-tree modules' own tables
  t.same(tables.filter((r) => !shadow.test(r.name) && !/STRICT/.test(r.sql)).map((r) => r.name), [], 'every table is STRICT')
  const virtual = db.prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all()
  t.same(virtual, ['articles_fts', 'event_mention_days', 'event_spans', 'quotes_fts'])
})

t.test('upgrading to 9 refolds every stored search form with the current letter table', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  db.prepare(
    `INSERT INTO articles (rowid, id, title, body, published_at, published_date, sort_key, source, url, language, word_count, content_hash, ingested_at, excerpt)
     VALUES (1, 'a1', 'أردوغان', 'قال أردوغان', NULL, NULL, '', NULL, NULL, 'ar', 2, 'h', 'now', '')`
  ).run()
  db.prepare("INSERT INTO entities (id, name, name_en, type, aliases, source, rule_id, confidence) VALUES ('erdogan', 'رجب طيب أردوغان', 'Recep Tayyip Erdogan', 'person', '[]', 'kb', 'kb', 1)").run()
  // as a database last migrated to 8 left them: indexed in an older, unfolded form, no name keys
  db.prepare("INSERT INTO articles_fts (rowid, title, body) VALUES (1, 'أردوغان', 'قال أردوغان')").run()
  db.exec('DELETE FROM entity_name_keys; PRAGMA user_version = 8')
  t.equal(migrate(db, migrations.filter((m) => m.version <= 9)), 1)
  t.equal(db.prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'اردوغان'").pluck().get(), 1, 'the folded form finds it')
  t.equal(db.prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'أردوغان'").pluck().get(), 0, 'the old form is gone')
  const keys = db.prepare("SELECT key FROM entity_name_keys WHERE entity_id = 'erdogan'").pluck().all()
  t.ok(keys.includes('اردوغان') && keys.includes('erdogan'), 'name keys in both languages')
})

t.test('upgrading to 12 drops the unused indexes, also from a first load killed before it built them again', async (t) => {
  // as a database at 11 whose first load was killed: its loaded tables' indexes deferred, the old ones among them
  const db = databaseAt(
    t,
    11,
    `CREATE INDEX articles_by_recency ON articles (sort_key DESC, id DESC); CREATE INDEX articles_by_date ON articles (published_date);
    CREATE INDEX quotes_by_speaker ON quotes (speaker_id); CREATE INDEX event_mentions_by_type_end ON event_mentions (type, date_end);
    DROP INDEX articles_by_source; CREATE INDEX articles_by_source ON articles (source, sort_key DESC, id DESC);`
  )
  deferIndexes(db)
  t.equal(migrate(db, migrations.filter((m) => m.version <= 12)), 1)
  restoreAllIndexes(db)
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[]
  for (const gone of ['articles_by_recency', 'articles_by_date', 'quotes_by_speaker', 'event_mentions_by_type_end']) t.notOk(names.includes(gone), `${gone} gone`)
  t.match(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'articles_by_source'").pluck().get(), /published_date/, 'the source index covers the day')
  t.ok(names.includes('articles_cards'), 'the others built again')
})

t.test('upgrading to 14 gives every name key its entity’s name, English name and type, and what it adds to a search', async (t) => {
  // as a database at 13: keys without the columns 14 adds
  const db = nameIndexAt13(t, { id: 'erdogan', name: 'رجب طيب أردوغان', nameEn: 'Recep Tayyip Erdogan', type: 'person', aliases: [] })
  const arabicKey = searchForm('أردوغان')
  db.prepare("INSERT INTO entity_name_keys (key, entity_id) VALUES (?, 'erdogan'), ('erdogan', 'erdogan')").run(arabicKey)
  t.equal(migrate(db, migrations.filter((m) => m.version <= 14)), 1)
  const rows = db.prepare('SELECT key, name, name_en, type, expands FROM entity_name_keys ORDER BY key').all()
  t.same(rows, [
    { key: 'erdogan', name: 'رجب طيب أردوغان', name_en: 'Recep Tayyip Erdogan', type: 'person', expands: searchForm('رجب طيب أردوغان') },
    { key: arabicKey, name: 'رجب طيب أردوغان', name_en: 'Recep Tayyip Erdogan', type: 'person', expands: null }
  ])
})

t.test('upgrading to 15: a key adds a name only when it names the entity, and carries the entity\u2019s search item', async (t) => {
  // as a database at 14 (13, then migration 14): keys with the entity's name, English name and type, and what the old
  // rule added
  const db = nameIndexAt13(t, { id: 'eqt', name: 'صحيفة الاقتصادية', nameEn: 'Al Eqtisadiah', type: 'organization', aliases: ['الاقتصادية السعودية'] })
  t.equal(migrate(db, migrations.filter((m) => m.version <= 14)), 1)
  const name = searchForm('صحيفة الاقتصادية')
  const insert = db.prepare("INSERT INTO entity_name_keys (key, entity_id, name, name_en, type, expands) VALUES (?, 'eqt', 'صحيفة الاقتصادية', 'Al Eqtisadiah', 'organization', ?)")
  for (const [key, expands] of [[searchForm('السعودية'), name], [searchForm('الاقتصادية السعودية'), name], ['eqtisadiah', name], [searchForm('الاقتصادية'), null]] as const) insert.run(key, expands)
  t.equal(migrate(db, migrations.filter((m) => m.version <= 15)), 1)
  const rows = db.prepare('SELECT key, expands, item FROM entity_name_keys ORDER BY key').all() as { key: string; expands: string | null; item: string }[]
  t.same(Object.fromEntries(rows.map((r) => [r.key, r.expands])), {
    eqtisadiah: name,
    [searchForm('الاقتصادية')]: null,
    [searchForm('الاقتصادية السعودية')]: name,
    [searchForm('السعودية')]: null
  }, 'a word of an alias no longer adds the name; a whole alias and words of the English name still do')
  t.ok(rows.every((r) => r.item === rows[0]!.item))
  t.same(JSON.parse(rows[0]!.item), { kind: 'entity', id: 'eqt', label: 'صحيفة الاقتصادية', snippet: 'Al Eqtisadiah', articleId: null }, 'the search item')
  const columns = db.prepare("SELECT name FROM pragma_table_info('entity_name_keys') ORDER BY cid").pluck().all()
  t.same(columns, ['key', 'entity_id', 'expands', 'item'], 'name, English name and type are gone')
  t.match(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'entity_name_expansions'").pluck().get(), /WHERE expands IS NOT NULL/, 'the keys that add a name, indexed apart')
})

t.test('upgrading to 16 gives the R-tree of spanning events the type as a dimension, keeping every entry', async (t) => {
  const db = databaseAt(
    t,
    15,
    `DROP TABLE event_spans;
    CREATE VIRTUAL TABLE event_spans USING rtree_i32 (id, day_start, day_end, key_start, key_end, +event_id TEXT, +sort_key TEXT, +type TEXT);
    INSERT INTO event_spans VALUES (1, 100, 101, 130, 130, 'ev1', '2020-01-01', 'attack'), (2, 105, 105, 140, 140, 'ev2', '2020-02-01', 'talks');`
  )
  t.equal(migrate(db, migrations.filter((m) => m.version <= 16)), 1)
  const rows = db.prepare('SELECT id, day_start, day_end, key_start, key_end, type_start, type_end, event_id, sort_key, type FROM event_spans ORDER BY id').all()
  t.same(rows, [
    { id: 1, day_start: 100, day_end: 101, key_start: 130, key_end: 130, type_start: eventTypeCode('attack'), type_end: eventTypeCode('attack'), event_id: 'ev1', sort_key: '2020-01-01', type: 'attack' },
    { id: 2, day_start: 105, day_end: 105, key_start: 140, key_end: 140, type_start: eventTypeCode('talks'), type_end: eventTypeCode('talks'), event_id: 'ev2', sort_key: '2020-02-01', type: 'talks' }
  ])
  t.same(db.prepare('SELECT event_id FROM event_spans WHERE type_start = ?').pluck().all(eventTypeCode('talks')), ['ev2'])
  t.same(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'event_spans%' ORDER BY name").pluck().all(), ['event_spans', 'event_spans_node', 'event_spans_parent', 'event_spans_rowid'])
})

t.test('upgrading to 17 keys each quote\u2019s full-text row by its article\u2019s day and its rowid, and deletes by that key', async (t) => {
  // as a database at 16: quotes without fts_key, their full-text rows under their rowids, the trigger deleting by rowid
  const db = databaseAt(
    t,
    16,
    `DROP TRIGGER quotes_fts_delete;
    ALTER TABLE quotes DROP COLUMN fts_key;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN DELETE FROM quotes_fts WHERE rowid = old.rowid; END;
    INSERT INTO articles (rowid, id, title, body, published_at, published_date, sort_key, source, url, language, word_count, content_hash, ingested_at)
      VALUES (1, 'old', 't', 'b', '2015-07-01', '2015-07-01', '2015-07-01T00:00:00.000Z', 's', NULL, 'ar', 1, 'h', 'now'),
             (2, 'new', 't', 'b', '2018-03-02', '2018-03-02', '2018-03-02T00:00:00.000Z', 's', NULL, 'ar', 1, 'h', 'now');
    INSERT INTO quotes (rowid, id, article_rowid, seq, text, kind, start, "end", confidence, rule_id)
      VALUES (1, 'q-new', 2, 0, 'قال أردوغان', 'direct', 0, 5, 1, 'r'), (2, 'q-old', 1, 0, 'أردوغان قال', 'direct', 0, 5, 1, 'r');
    INSERT INTO quotes_fts (rowid, text) VALUES (1, search_form('قال أردوغان')), (2, search_form('أردوغان قال'));`
  )
  t.equal(migrate(db, migrations.filter((m) => m.version <= 17)), 1)
  const keys = db.prepare('SELECT id, fts_key FROM quotes ORDER BY rowid').all()
  t.same(keys, [
    { id: 'q-new', fts_key: quoteFtsKey('2018-03-02T00:00:00.000Z', 1) },
    { id: 'q-old', fts_key: quoteFtsKey('2015-07-01T00:00:00.000Z', 2) }
  ])
  const found = db.prepare("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rowid DESC").pluck()
  t.same(found.all(`"${searchForm('أردوغان')}"`), [quoteFtsKey('2018-03-02T00:00:00.000Z', 1), quoteFtsKey('2015-07-01T00:00:00.000Z', 2)], 'newest day first, the old rows gone')
  db.prepare("DELETE FROM quotes WHERE id = 'q-new'").run()
  t.same(found.all(`"${searchForm('أردوغان')}"`), [quoteFtsKey('2015-07-01T00:00:00.000Z', 2)], 'a deleted quote leaves the index by its key')
})
