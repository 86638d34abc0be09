import path from 'node:path'
import t from 'tap'
import { migrate, openDatabase } from '../../src/db/database.js'
import { migrations } from '../../src/db/migrations.js'
import { tempDir } from '../helper.js'

const latest = Math.max(...migrations.map((m) => m.version))

t.test('a file database: its directory made, WAL, foreign keys, migrated to the latest version', async (t) => {
  const file = path.join(tempDir(t), 'nested', 'dir', 'news.db')
  const db = openDatabase(file)
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(db.pragma('foreign_keys', { simple: true }), 1)
  t.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL')
  t.equal(db.pragma('user_version', { simple: true }), latest)
  db.close()
  const again = openDatabase(file)
  t.teardown(() => again.close())
  t.equal(migrate(again), 0, 'opened again: nothing left to apply')
})

t.test('the search functions the index and the triggers use are registered', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  t.equal(db.prepare("SELECT search_form('أردوغان') AS f").pluck().get(), 'اردوغان')
  t.ok(JSON.parse(db.prepare("SELECT name_keys('رجب طيب اردوغان') AS k").pluck().get() as string).includes('اردوغان'))
})

t.test('each migration is its own transaction: a failing one leaves the database at the one before', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (a INTEGER) STRICT; SELECT x FROM no_such_table;' }]
  t.throws(() => migrate(db, broken), /no such table/)
  t.equal(db.pragma('user_version', { simple: true }), latest)
  t.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(), 0, 'its changes rolled back')
  const fine = [...migrations, { version: latest + 1, name: 'fine', sql: 'CREATE TABLE later (a INTEGER) STRICT;' }]
  t.equal(migrate(db, fine), 1, 'only the pending one runs')
  t.equal(db.pragma('user_version', { simple: true }), latest + 1)
})
