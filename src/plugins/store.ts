import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { openDatabase } from '../db/database.js'
import { Store } from '../db/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/** Opens and migrates the database once; closes it when the app closes. */
export default fp(
  async function storePlugin(app: FastifyInstance, opts: { dbPath: string }) {
    const db = openDatabase(opts.dbPath)
    app.decorate('store', new Store(db))
    app.addHook('onClose', async () => {
      db.close()
    })
  },
  { name: 'store' }
)
