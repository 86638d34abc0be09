import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { openDatabase } from '../db/database.js'
import { Store } from '../db/store.js'
import { ConfigError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/** Opens and migrates the database once (after data-dir has checked DB_PATH); closes it when the app closes. */
export default fp(
  async function storePlugin(app: FastifyInstance, opts: { dbPath: string }) {
    let db
    try {
      db = openDatabase(opts.dbPath)
    } catch (err) {
      throw new ConfigError(`cannot open DB_PATH ${opts.dbPath}: ${(err as Error).message}`)
    }
    app.decorate('store', new Store(db, app.knowledge.storeRules))
    app.addHook('onClose', async () => {
      db.close()
    })
  },
  { name: 'store', dependencies: ['data-dir', 'knowledge'] }
)
