import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { DatabaseDamagedError, migrate, openDatabase } from '../../src/db/database.js'
import { migrations } from '../../src/db/migrations.js'
import { tempDir } from '../helper.js'

const latest = Math.max(...migrations.map((m) => m.version))

t.test('a file database: its directory made, WAL, foreign keys, migrated to the latest version', async (t) => {
  const file = path.join(tempDir(t), 'nested', 'dir', 'news.db')
  const db = openDatabase(file)
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(db.pragma('foreign_keys', { simple: true }), 1)
  t.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL')
  t.equal(db.pragma('page_size', { simple: true }), 8192, '8 KiB pages')
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

/** A migrated database with some rows, closed. */
function filled(dir: string): string {
  const file = path.join(dir, 'news.db')
  const db = openDatabase(file)
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)')
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)')
  db.transaction(() => {
    for (let i = 0; i < 20_000; i++) insert.run(`row ${i} ${'x'.repeat(100)}`)
  })()
  db.close()
  return file
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, bytes, 0, bytes.length, offset)
  closeSync(fd)
}

t.test('a sound file opens with the check', async (t) => {
  const file = filled(tempDir(t))
  openDatabase(file, { check: true }).close()
  t.pass()
})

t.test('pages damaged in the middle: DatabaseDamagedError naming the file and what quick_check found', async (t) => {
  const file = filled(tempDir(t))
  const pages = statSync(file).size / 4096
  overwrite(file, Math.floor(pages / 2) * 4096, Buffer.alloc(4096 * 4, 0xa5))
  t.throws(() => openDatabase(file, { check: true }), DatabaseDamagedError)
  t.throws(() => openDatabase(file, { check: true }), { message: /^DB_PATH .*news\.db is damaged \(.*(page|Tree|btree).*\): move it away/ })
  t.doesNotThrow(() => openDatabase(file).close(), 'without the check SQLite opens it without complaint: the damage waits for a request')
})

t.test('a damaged header (not a database at all) is damage too', async (t) => {
  const file = filled(tempDir(t))
  overwrite(file, 0, Buffer.from('this is not an SQLite file at all'))
  t.throws(() => openDatabase(file, { check: true }), { name: 'DatabaseDamagedError', message: /is damaged \(file is not a database\)/ })
})
