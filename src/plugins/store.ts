import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { openDatabase } from '../db/database.js'
import { Store, type StoreRules } from '../db/store.js'
import { ConfigError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/** Opens and migrates the database once; closes it when the app closes. */
export default fp(
  async function storePlugin(app: FastifyInstance, opts: { dbPath: string; rules: StoreRules }) {
    let db
    try {
      db = openDatabase(opts.dbPath)
    } catch (err) {
      throw new ConfigError(`cannot open DB_PATH ${opts.dbPath}: ${(err as Error).message}`)
    }
    app.decorate('store', new Store(db, opts.rules))
    app.addHook('onClose', async () => {
      db.close()
    })
  },
  { name: 'store' }
)
