import { statSync, type BigIntStats } from 'node:fs'
import Database from 'better-sqlite3'

/**
 * One process per database file. Two processes on one DB_PATH both booted the corpus; one ended not ready for good
 * ("database is locked") and the response cache of each never heard of the other's writes. So a process claims the
 * file first: it takes an exclusive lock on a small SQLite file beside it (`DB_PATH.lock`, `locking_mode =
 * EXCLUSIVE`), which the kernel releases when the process ends, even by kill -9: no stale lock to clean up. Readers
 * (sqlite3, a backup, a benchmark peer) open DB_PATH itself and are not affected.
 *
 * The lock file also keeps the seal: what the database file looked like (device, inode, size, modification and
 * change times) when this service last closed it cleanly. A file that still matches it, with no write-ahead log,
 * has not been written since (a copy, `dd`, a crash mid-boot all change it), so the start-up integrity check
 * (database.ts) can be skipped for it. The seal is removed as soon as the file is claimed and written again only by
 * a clean close, so a process killed while it had the file open leaves none.
 */
export interface DatabaseLock {
  /** The database file is exactly as this service left it at its last clean close. */
  readonly sealed: boolean
  /** Seals the (closed) database file, then releases the lock. */
  release(options: { seal: boolean }): void
}

/** Another process holds the lock. */
export class DatabaseInUseError extends Error {
  constructor(readonly dbPath: string) {
    super(`DB_PATH ${dbPath} is in use by another process (its lock ${lockPath(dbPath)} is held): stop that process first, or give this one another DB_PATH`)
    this.name = 'DatabaseInUseError'
  }
}

export const lockPath = (dbPath: string) => `${dbPath}.lock`

/** What identifies one version of the file's bytes, as far as the file system can tell. */
function fingerprint(dbPath: string): string | null {
  const info: BigIntStats | undefined = statSync(dbPath, { bigint: true, throwIfNoEntry: false })
  if (!info?.isFile()) return null
  const wal = statSync(`${dbPath}-wal`, { throwIfNoEntry: false })
  if (wal && wal.size > 0) return null
  return [info.dev, info.ino, info.size, info.mtimeNs, info.ctimeNs].join(':')
}

/**
 * Claims `dbPath` for this process, at once (no waiting), or throws DatabaseInUseError. Call before opening the
 * database; call `release` after closing it.
 */
export function lockDatabase(dbPath: string): DatabaseLock {
  const lock = new Database(lockPath(dbPath), { timeout: 0 })
  let seal: string | null
  try {
    lock.pragma('locking_mode = EXCLUSIVE')
    // no journal file to leave beside the database; a torn seal only means one integrity check more
    lock.pragma('journal_mode = MEMORY')
    // the first write takes the exclusive lock, and in this mode it is kept until the connection closes
    seal = lock.transaction(() => {
      lock.exec('CREATE TABLE IF NOT EXISTS seal (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL) STRICT')
      const row = lock.prepare('SELECT fingerprint FROM seal WHERE id = 1').get() as { fingerprint: string } | undefined
      lock.exec('DELETE FROM seal')
      return row?.fingerprint ?? null
    }).exclusive()
  } catch (err) {
    lock.close()
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(dbPath)
    throw err
  }
  const sealed = seal !== null && seal === fingerprint(dbPath)
  return {
    sealed,
    release({ seal }) {
      try {
        const now = seal ? fingerprint(dbPath) : null
        if (now !== null) lock.prepare('INSERT INTO seal (id, fingerprint) VALUES (1, ?)').run(now)
      } finally {
        lock.close()
      }
    }
  }
}
