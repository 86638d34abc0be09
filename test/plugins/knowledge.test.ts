import t from 'tap'
import Fastify from 'fastify'
import { buildApp } from '../../src/app.js'
import { createConfig, DEFAULT_KB_DIR } from '../../src/config.js'
import knowledgePlugin from '../../src/plugins/knowledge.js'
import { createKnowledge } from '../../src/knowledge/extractor.js'

t.test('the knowledge base is loaded once from KB_DIR', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(knowledgePlugin, { kbDir: DEFAULT_KB_DIR })
  await app.ready()
  t.equal(app.knowledge.version, createKnowledge(DEFAULT_KB_DIR).version)
  t.ok(app.knowledge.kb.entities.size > 0)
})

t.test('a missing knowledge-base directory fails at start-up, clearly', async (t) => {
  await t.rejects(buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent', KB_DIR: '/nonexistent/kb' })), {
    name: 'ConfigError',
    message: /KB_DIR \/nonexistent\/kb is not a directory/
  })
})
