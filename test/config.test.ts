import path from 'node:path'
import t from 'tap'
import { createConfig, DEFAULT_CORPUS_DIR, DEFAULT_KB_DIR } from '../src/config.js'
import { ConfigError } from '../src/errors.js'

t.test('defaults run the seeds', async (t) => {
  const config = createConfig({})
  t.equal(config.PORT, 3000)
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.CORPUS_DIR, DEFAULT_CORPUS_DIR)
  t.equal(config.KB_DIR, DEFAULT_KB_DIR)
  t.match(config.DB_PATH, /data[/\\]news\.db$/)
  t.equal(config.LOG_LEVEL, 'info')
})

t.test('values come from env and are converted', async (t) => {
  const config = createConfig({ PORT: '8080', DB_PATH: ':memory:', LOG_LEVEL: 'debug', INGEST_BATCH_SIZE: '50', UNRELATED: 'x' })
  t.equal(config.PORT, 8080)
  t.equal(config.DB_PATH, ':memory:')
  t.equal(config.LOG_LEVEL, 'debug')
  t.equal(config.INGEST_BATCH_SIZE, 50)
  t.equal(createConfig({ KB_DIR: 'other/kb' }).KB_DIR, path.resolve('other/kb'), 'directories are made absolute')
})

t.test('DB_READONLY: false by default, true/false or 1/0, and only for a file', async (t) => {
  t.equal(createConfig({}).DB_READONLY, false)
  for (const [value, expected] of [['true', true], ['1', true], ['false', false], ['0', false]] as const) {
    t.equal(createConfig({ DB_READONLY: value, DB_PATH: 'snap.db' }).DB_READONLY, expected, value)
  }
  t.throws(() => createConfig({ DB_READONLY: 'yes' }), /DB_READONLY/)
  t.throws(() => createConfig({ DB_READONLY: 'true', DB_PATH: ':memory:' }), { name: 'ConfigError', message: /DB_READONLY: serves a snapshot file/ })
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

t.test('an empty or blank value is invalid, for every variable, and each one is named', async (t) => {
  const { ConfigSchema } = await import('../schemas/config.js')
  for (const key of Object.keys(ConfigSchema.properties)) {
    for (const empty of ['', ' ', '\t']) {
      t.throws(() => createConfig({ [key]: empty }), { name: 'ConfigError', message: new RegExp(`invalid configuration: ${key}: must not be empty`) }, `${key}=${JSON.stringify(empty)}`)
    }
  }
  try {
    createConfig({ DB_PATH: '', PORT: '', LOG_LEVEL: 'loud' })
    t.fail('should throw')
  } catch (err) {
    t.match((err as Error).message, /PORT: must not be empty.*DB_PATH: must not be empty.*LOG_LEVEL/)
  }
  t.equal(createConfig({ UNRELATED: '' }).PORT, 3000, 'variables the service does not read may be empty')
})

t.test('TRUST_PROXY: false, true, hops, or proxy addresses; anything else is a start-up error', async (t) => {
  const { trustProxySetting } = await import('../src/config.js')
  t.equal(createConfig({}).TRUST_PROXY, 'false')
  t.equal(trustProxySetting('false'), false)
  t.equal(trustProxySetting('true'), true)
  const hops = trustProxySetting('2')
  t.equal(typeof hops, 'function')
  if (typeof hops === 'function') t.same([0, 1, 2].map((hop) => hops('10.0.0.1', hop)), [true, true, false], 'the nearest two hops')
  t.same(trustProxySetting('10.0.0.0/8, 127.0.0.1,::1'), ['10.0.0.0/8', '127.0.0.1', '::1'])
  for (const bad of ['yes', '0', '10.0.0.0/33', '300.1.1.1', '::1/129', 'proxy.local', '10.0.0.1,']) {
    t.throws(() => createConfig({ TRUST_PROXY: bad }), ConfigError, bad)
  }
})
