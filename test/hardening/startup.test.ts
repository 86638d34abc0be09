/**
 * Issue 15 (2, 4, 5 and a minor one): what an operator gets wrong before the first request. Each must stop the
 * start-up with one `cannot start: …` line and exit 1, never serve:
 * - an empty setting (`DB_PATH=`), which used to mean the default database;
 * - a database damaged in the middle, which used to be served as ready (500s on some lists, damaged data on others);
 * - a second process on a `DB_PATH` another one is using, which used to boot the whole corpus again and stay not ready;
 * - a missing `CORPUS_DIR`, which used to create the database file before failing.
 */
import { existsSync, mkdirSync, openSync, writeSync, closeSync, statSync } from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { createConfig } from '../../src/config.js'
import { build, json, tempDir } from '../helper.js'
import { generateCorpus, startServer, type Child } from './child.js'

/** Ends when the child exits, or when it says it is listening (it started: the refusal failed). Never a fixed sleep. */
async function outcome(child: Child): Promise<{ code: number | null; listening: boolean; stderr: string }> {
  let timer: NodeJS.Timeout | undefined
  const listening = new Promise<'listening'>((resolve) => {
    timer = setInterval(() => {
      if (child.lines.some((l) => l.includes('Server listening'))) resolve('listening')
    }, 50)
  })
  const first = await Promise.race([child.exited, listening])
  clearInterval(timer)
  if (first === 'listening') child.proc.kill('SIGKILL')
  const exit = await child.exited
  return {
    code: exit.code,
    listening: first === 'listening',
    stderr: child.lines.filter((l) => !l.startsWith('{')).join('')
  }
}

t.test('an empty DB_PATH stops the start-up with a message naming it, instead of meaning the default', async (t) => {
  const child = startServer(0, { DB_PATH: '', LOG_LEVEL: 'info' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  const end = await outcome(child)
  t.notOk(end.listening, 'it does not start')
  t.equal(end.code, 1)
  t.match(end.stderr, /^cannot start: invalid configuration: DB_PATH: must not be empty/)
  t.equal(end.stderr.trim().split('\n').length, 1, 'one line')
})

/** A database of `n` generated articles, booted and closed cleanly. */
async function bootedDatabase(t: Test, n: number): Promise<{ dbPath: string; corpus: string }> {
  const dir = tempDir(t)
  const corpus = path.join(dir, 'corpus')
  mkdirSync(corpus)
  await generateCorpus(corpus, n)
  const dbPath = path.join(dir, 'news.db')
  const app = await buildApp(createConfig({ CORPUS_DIR: corpus, DB_PATH: dbPath, EXTRACT_WORKERS: '0', LOG_LEVEL: 'silent' }))
  await app.ready()
  t.equal((await app.corpus.done).status, 'ready')
  await app.close()
  return { dbPath, corpus }
}

/** Overwrites `pages` pages from the middle of the file with bytes from a fixed-seed generator (like dd if=/dev/urandom). */
function damageMiddle(file: string, pages: number): void {
  const pageSize = 4096
  const total = Math.floor(statSync(file).size / pageSize)
  const first = Math.floor(total / 2) - Math.floor(pages / 2)
  let seed = 0x2545f491
  const garbage = Buffer.alloc(pages * pageSize)
  for (let i = 0; i < garbage.length; i++) {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    garbage[i] = seed & 0xff
  }
  const fd = openSync(file, 'r+')
  writeSync(fd, garbage, 0, garbage.length, first * pageSize)
  closeSync(fd)
}

t.test('a database damaged in the middle is refused at start-up: one line, exit 1', async (t) => {
  const { dbPath, corpus } = await bootedDatabase(t, 1500)
  const pages = Math.floor(statSync(dbPath).size / 4096)
  t.ok(pages > 100, `${pages} pages`)
  damageMiddle(dbPath, Math.max(8, Math.floor(pages / 20)))

  await t.rejects(buildApp(createConfig({ CORPUS_DIR: corpus, DB_PATH: dbPath, LOG_LEVEL: 'silent' })), {
    name: 'ConfigError',
    message: /damaged/
  })
  const child = startServer(0, { CORPUS_DIR: corpus, DB_PATH: dbPath, LOG_LEVEL: 'info' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  const end = await outcome(child)
  t.notOk(end.listening, 'it does not serve the damaged file')
  t.equal(end.code, 1)
  t.match(end.stderr, /^cannot start: DB_PATH .*news\.db is damaged/)
  t.equal(end.stderr.trim().split('\n').length, 1, 'one line')
})

t.test('a second process on the same DB_PATH is refused at once, with one clear line', async (t) => {
  const dir = tempDir(t)
  const dbPath = path.join(dir, 'news.db')
  const first = await build(t, { DB_PATH: dbPath })
  t.equal((await first.inject('/health/ready')).statusCode, 200)

  const child = startServer(0, { DB_PATH: dbPath, LOG_LEVEL: 'info' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  const end = await outcome(child)
  t.notOk(end.listening, 'the second process does not start')
  t.equal(end.code, 1)
  t.match(end.stderr, /^cannot start: DB_PATH .*news\.db is in use by another process/)
  t.equal(end.stderr.trim().split('\n').length, 1, 'one line')
  t.notOk(child.lines.some((l) => l.includes('corpus')), 'nothing of the corpus was read')

  // In the same process too (a second app on the file), and the first keeps serving.
  await t.rejects(buildApp(createConfig({ DB_PATH: dbPath, LOG_LEVEL: 'silent' })), { name: 'ConfigError', message: /in use by another process/ })
  t.equal((await first.inject('/v1/articles?limit=1')).statusCode, 200, 'the first is untouched')
  t.equal(json<{ articles: number }>(await first.inject('/health/ready')).articles, 5)

  // Once the first has closed, the file is free again.
  await first.close()
  const next = await build(t, { DB_PATH: dbPath })
  t.equal((await next.inject('/health/ready')).statusCode, 200, 'a later process takes it over')
})

t.test('a missing CORPUS_DIR fails the start-up before anything is written', async (t) => {
  const dir = tempDir(t)
  const dbPath = path.join(dir, 'data', 'news.db')
  await t.rejects(buildApp(createConfig({ CORPUS_DIR: path.join(dir, 'no-such-corpus'), DB_PATH: dbPath, LOG_LEVEL: 'silent' })), {
    name: 'ConfigError',
    message: /CORPUS_DIR .*no-such-corpus is not a directory/
  })
  t.notOk(existsSync(dbPath), 'no database file')
  t.notOk(existsSync(path.dirname(dbPath)), 'not even its directory')
})
