import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { SnapshotManifest } from '../../schemas/snapshot.js'
import { DatabaseDamagedError, openDatabase } from '../db/database.js'
import { DatabaseInUseError, lockDatabase, type DatabaseLock } from '../db/lock.js'
import { openSnapshot, SnapshotRefusedError } from '../db/snapshot.js'
import { Store } from '../db/store.js'
import { ConfigError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
    /** The manifest of the snapshot served read-only (DB_READONLY), or null when this process boots its database. */
    snapshot: SnapshotManifest | null
  }
}

/** Refusals at start-up are ConfigErrors: one `cannot start: …` line. */
function refusal(dbPath: string, err: unknown): ConfigError {
  if (err instanceof DatabaseInUseError || err instanceof DatabaseDamagedError || err instanceof SnapshotRefusedError) return new ConfigError(err.message)
  return new ConfigError(`cannot open DB_PATH ${dbPath}: ${(err as Error).message}`)
}

/**
 * After data-dir has checked DB_PATH: claims the database file for this process (db/lock.ts: a second process is
 * refused at once), checks it unless it is exactly as the last clean close left it, opens and migrates it; closes,
 * seals and releases it when the app closes.
 *
 * Read-only (DB_READONLY), DB_PATH is a snapshot (db/snapshot.ts): opened read-only, checked every time (against the
 * SHA-256 its manifest beside it records, else with quick_check: nothing can be written beside it to say it was
 * checked before), never migrated, and not locked: the lock guards writers, a snapshot has none, and any number of
 * processes may serve it.
 */
export default fp(
  async function storePlugin(app: FastifyInstance, opts: { dbPath: string; readonly?: boolean }) {
    const started = performance.now()
    if (opts.readonly) {
      let opened
      try {
        opened = openSnapshot(opts.dbPath, { pipelineVersion: app.knowledge.version })
      } catch (err) {
        throw refusal(opts.dbPath, err)
      }
      const { db, manifest, check } = opened
      const ms = Math.round(performance.now() - started)
      const how = check === 'sha256' ? 'SHA-256 as its manifest records' : 'quick_check: ok'
      app.log.info({ dbPath: opts.dbPath, ms, dataVersion: manifest.dataVersion, articles: manifest.articles, builtAt: manifest.builtAt }, `snapshot opened read-only and checked (${how})`)
      app.decorate('store', new Store(db, app.knowledge.storeRules))
      app.decorate('snapshot', manifest)
      app.addHook('onClose', async () => db.close())
      return
    }
    let lock: DatabaseLock | null = null
    let db
    try {
      if (opts.dbPath !== ':memory:') lock = lockDatabase(opts.dbPath)
      db = openDatabase(opts.dbPath, { check: lock !== null && !lock.sealed })
    } catch (err) {
      lock?.release({ seal: false })
      throw refusal(opts.dbPath, err)
    }
    if (lock !== null) {
      const ms = Math.round(performance.now() - started)
      if (lock.sealed) app.log.info({ dbPath: opts.dbPath, ms }, 'database opened: unchanged since its last clean close, not checked again')
      else app.log.info({ dbPath: opts.dbPath, ms }, 'database opened and checked (quick_check: ok)')
    }
    app.decorate('store', new Store(db, app.knowledge.storeRules))
    app.decorate('snapshot', null)
    app.addHook('onClose', async () => {
      db.close()
      lock?.release({ seal: true })
    })
  },
  { name: 'store', dependencies: ['data-dir', 'knowledge'] }
)
