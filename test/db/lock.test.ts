import { appendFileSync, existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import Database from 'better-sqlite3'
import { openDatabase } from '../../src/db/database.js'
import { DatabaseInUseError, lockDatabase, lockPath } from '../../src/db/lock.js'
import { tempDir } from '../helper.js'

t.test('one holder at a time: a second claim is refused at once, a released file can be claimed again', async (t) => {
  const dbPath = path.join(tempDir(t), 'news.db')
  const first = lockDatabase(dbPath)
  t.ok(existsSync(lockPath(dbPath)), 'the lock file sits beside the database')
  t.throws(() => lockDatabase(dbPath), DatabaseInUseError)
  t.throws(() => lockDatabase(dbPath), { message: /^DB_PATH .*news\.db is in use by another process \(its lock .*news\.db\.lock is held\)/ })
  first.release({ seal: false })
  const second = lockDatabase(dbPath)
  t.pass('claimed after release')
  second.release({ seal: false })
})

t.test('the seal: a file closed cleanly and untouched since is sealed; anything else is not', async (t) => {
  const dbPath = path.join(tempDir(t), 'news.db')
  /** Claims, reports whether the file was sealed, opens and closes it (as the store plugin does), releases. */
  const session = (seal: boolean): boolean => {
    const lock = lockDatabase(dbPath)
    openDatabase(dbPath).close()
    lock.release({ seal })
    return lock.sealed
  }
  t.notOk(session(true), 'a new file is not sealed')
  t.ok(session(true), 'closed cleanly, untouched: sealed')
  t.ok(session(false), 'still sealed at this claim')
  t.notOk(session(true), 'a process that ended without a clean close (no seal written) leaves it unsealed')
  t.ok(session(true), 'sealed again after a clean close')

  appendFileSync(dbPath, Buffer.alloc(4096))
  t.notOk(session(true), 'written by something else since (size, times): not sealed')
  t.ok(session(true))

  // Rewritten in place with the same size (dd conv=notrunc): the change time moves even if the modification time is put back.
  const before = statSync(dbPath)
  writeFileSync(dbPath, readFileSync(dbPath))
  utimesSync(dbPath, before.atime, before.mtime)
  t.notOk(session(true), 'rewritten in place, modification time restored: not sealed')
  t.ok(session(true))

  // A write-ahead log left with frames (a reader kept the file open, a crash): not sealed.
  const lock = lockDatabase(dbPath)
  const db = openDatabase(dbPath)
  const reader = new Database(dbPath, { readonly: true })
  reader.prepare('SELECT count(*) FROM sqlite_master').get()
  db.exec('CREATE TABLE IF NOT EXISTS t (x) ; INSERT INTO t VALUES (1)')
  db.close()
  lock.release({ seal: true })
  t.ok(existsSync(`${dbPath}-wal`), 'a reader kept the log')
  t.notOk(session(true), 'a log with frames: not sealed')
  reader.close()
})
