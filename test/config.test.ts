import t from 'tap'
import { createConfig, DEFAULT_CORPUS_DIR } from '../src/config.js'
import { ConfigError } from '../src/errors.js'

t.test('defaults run the seeds', async (t) => {
  const config = createConfig({})
  t.equal(config.PORT, 3000)
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.CORPUS_DIR, DEFAULT_CORPUS_DIR)
  t.match(config.DB_PATH, /data[/\\]news\.db$/)
  t.equal(config.LOG_LEVEL, 'info')
})

t.test('values come from env and are converted', async (t) => {
  const config = createConfig({ PORT: '8080', DB_PATH: ':memory:', LOG_LEVEL: 'debug', INGEST_BATCH_SIZE: '50', UNRELATED: 'x' })
  t.equal(config.PORT, 8080)
  t.equal(config.DB_PATH, ':memory:')
  t.equal(config.LOG_LEVEL, 'debug')
  t.equal(config.INGEST_BATCH_SIZE, 50)
})

t.test('bad values are rejected with every bad variable named', async (t) => {
  t.throws(() => createConfig({ PORT: 'abc', LOG_LEVEL: 'loud' }), ConfigError)
  try {
    createConfig({ PORT: '70000', LOG_LEVEL: 'loud' })
    t.fail('should throw')
  } catch (err) {
    t.match((err as Error).message, /PORT/)
    t.match((err as Error).message, /LOG_LEVEL/)
  }
})

t.test('empty strings mean unset', async (t) => {
  t.equal(createConfig({ PORT: '' }).PORT, 3000)
})
