import { accessSync, closeSync, constants, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import fp from 'fastify-plugin'
import { ConfigError } from '../errors.js'
import { lockPath } from '../db/lock.js'

/**
 * Start-up check of DB_PATH, before SQLite opens it: the directory must exist (or be creatable) and be writable, and
 * an existing database (and its -wal/-shm/.lock files) must be writable. SQLite would otherwise open a write-protected file
 * read-only without complaint and fail later, in the corpus boot or a request. A real write probe is used, because
 * `access(W_OK)` says yes to root even on a read-only mount.
 */
export function checkDataPath(dbPath: string): void {
  if (dbPath === ':memory:') return
  const dir = path.dirname(dbPath)
  try {
    // Level by level rather than `recursive: true`, which loops forever under some pseudo file systems (/proc).
    const missing: string[] = []
    for (let d = dir; !statSync(d, { throwIfNoEntry: false }); d = path.dirname(d)) {
      missing.unshift(d)
      if (path.dirname(d) === d) break
    }
    for (const d of missing) mkdirSync(d)
  } catch (err) {
    throw new ConfigError(`cannot open DB_PATH ${dbPath}: cannot create its directory ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  if (!statSync(dir).isDirectory()) throw new ConfigError(`cannot open DB_PATH ${dbPath}: ${dir} is not a directory`)
  const probe = path.join(dir, `.write-probe-${process.pid}-${Date.now()}`)
  try {
    closeSync(openSync(probe, 'wx'))
    rmSync(probe, { force: true })
  } catch (err) {
    throw new ConfigError(`cannot open DB_PATH ${dbPath}: directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, lockPath(dbPath)]) {
    const info = statSync(file, { throwIfNoEntry: false })
    if (!info) continue
    if (!info.isFile()) throw new ConfigError(`cannot open DB_PATH ${dbPath}: ${file} is not a regular file`)
    try {
      accessSync(file, constants.R_OK | constants.W_OK)
      closeSync(openSync(file, 'r+'))
    } catch (err) {
      throw new ConfigError(`cannot open DB_PATH ${dbPath}: ${file} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
    }
  }
}

/**
 * DB_READONLY: DB_PATH must be a readable regular file. Nothing is created or probed for writing: the file and its
 * directory may be read-only (a volume mounted read-only, an image's read-only root file system).
 */
export function checkSnapshotPath(dbPath: string): void {
  const info = statSync(dbPath, { throwIfNoEntry: false })
  if (!info) throw new ConfigError(`cannot open DB_PATH ${dbPath}: no such file (DB_READONLY serves a snapshot written by npm run snapshot -- FILE)`)
  if (!info.isFile()) throw new ConfigError(`cannot open DB_PATH ${dbPath}: not a regular file`)
  try {
    closeSync(openSync(dbPath, 'r'))
  } catch (err) {
    throw new ConfigError(`cannot open DB_PATH ${dbPath}: not readable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
}

/**
 * CORPUS_DIR must be a readable directory. A missing corpus is a deployment mistake: say so at start-up rather than
 * serve an empty, never-ready API.
 */
export function checkCorpusDir(corpusDir: string): void {
  if (!statSync(corpusDir, { throwIfNoEntry: false })?.isDirectory()) throw new ConfigError(`CORPUS_DIR ${corpusDir} is not a directory`)
  try {
    readdirSync(corpusDir)
  } catch (err) {
    throw new ConfigError(`CORPUS_DIR ${corpusDir} is not readable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
}

/**
 * Runs the path checks when the app is built, so `cannot start: …` is printed and nothing listens: the corpus first,
 * since it only reads, so that a wrong CORPUS_DIR leaves no database file or directory behind. A read-only service
 * reads no corpus and only needs its snapshot file.
 */
export default fp(
  async function dataDirPlugin(_app, opts: { dbPath: string; corpusDir: string; readonly?: boolean }) {
    if (opts.readonly) return checkSnapshotPath(opts.dbPath)
    checkCorpusDir(opts.corpusDir)
    checkDataPath(opts.dbPath)
  },
  { name: 'data-dir' }
)
