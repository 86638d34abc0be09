import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { DatabaseDamagedError, openDatabase } from '../db/database.js'
import { DatabaseInUseError, lockDatabase, type DatabaseLock } from '../db/lock.js'
import { Store } from '../db/store.js'
import { ConfigError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/**
 * After data-dir has checked DB_PATH: claims the database file for this process (db/lock.ts: a second process is
 * refused at once), checks it unless it is exactly as the last clean close left it, opens and migrates it; closes,
 * seals and releases it when the app closes. Each refusal is a ConfigError: one `cannot start: …` line.
 */
export default fp(
  async function storePlugin(app: FastifyInstance, opts: { dbPath: string }) {
    let lock: DatabaseLock | null = null
    let db
    const started = performance.now()
    try {
      if (opts.dbPath !== ':memory:') lock = lockDatabase(opts.dbPath)
      db = openDatabase(opts.dbPath, { check: lock !== null && !lock.sealed })
    } catch (err) {
      lock?.release({ seal: false })
      if (err instanceof DatabaseInUseError || err instanceof DatabaseDamagedError) throw new ConfigError(err.message)
      throw new ConfigError(`cannot open DB_PATH ${opts.dbPath}: ${(err as Error).message}`)
    }
    if (lock !== null) {
      const ms = Math.round(performance.now() - started)
      if (lock.sealed) app.log.info({ dbPath: opts.dbPath, ms }, 'database opened: unchanged since its last clean close, not checked again')
      else app.log.info({ dbPath: opts.dbPath, ms }, 'database opened and checked (quick_check: ok)')
    }
    app.decorate('store', new Store(db, app.knowledge.storeRules))
    app.addHook('onClose', async () => {
      db.close()
      lock?.release({ seal: true })
    })
  },
  { name: 'store', dependencies: ['data-dir', 'knowledge'] }
)
