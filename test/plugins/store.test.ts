import t from 'tap'
import Fastify from 'fastify'
import { DEFAULT_CORPUS_DIR, DEFAULT_KB_DIR } from '../../src/config.js'
import dataDir from '../../src/plugins/data-dir.js'
import knowledgePlugin from '../../src/plugins/knowledge.js'
import storePlugin from '../../src/plugins/store.js'

t.test('the store declares what it needs: the data directory check and the knowledge base, registered first', async (t) => {
  const bare = Fastify()
  t.teardown(() => bare.close())
  await t.rejects(async () => {
    await bare.register(storePlugin, { dbPath: ':memory:' })
    await bare.ready()
  }, /dependency/)

  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(dataDir, { dbPath: ':memory:', corpusDir: DEFAULT_CORPUS_DIR })
  await app.register(knowledgePlugin, { kbDir: DEFAULT_KB_DIR })
  await app.register(storePlugin, { dbPath: ':memory:' })
  await app.ready()
  t.equal(app.store.articles.count(), 0)
})

t.test('the database is closed with the app', async (t) => {
  const app = Fastify()
  await app.register(dataDir, { dbPath: ':memory:', corpusDir: DEFAULT_CORPUS_DIR })
  await app.register(knowledgePlugin, { kbDir: DEFAULT_KB_DIR })
  await app.register(storePlugin, { dbPath: ':memory:' })
  await app.ready()
  const { db } = app.store
  t.equal(db.open, true)
  await app.close()
  t.equal(db.open, false)
})
