import t from 'tap'
import { articleFacts } from '../../src/corpus/text-facts.js'
import { OTHER, quote, SAID, storeWith } from './helpers.js'

const article = (id: string, body: string) => ({ id, title: `عنوان ${id}`, body, publishedAt: '2020-02-10T09:00:00Z', source: 'test', url: null, origin: 't' })
const ftsRows = (db: ReturnType<typeof storeWith>['db'], table: string, word: string) =>
  db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(`"${word}"`)

t.test('inside Store.transaction the full-text rows are written at its end, and found as if written at once', async (t) => {
  const { db, store } = storeWith(t)
  let seenInside: unknown[] = []
  store.transaction(() => {
    const a = article('a1', 'خبر عن إدلب')
    const rowid = store.articles.write(a, 'h1', 'now', articleFacts(a), false)
    store.annotations.write(rowid, { entities: [], mentions: [], quotes: [quote(SAID, null)], events: [], agreements: [], agreementMentions: [] }, { quotes: ['q1'], events: [] }, false)
    seenInside = ftsRows(db, 'articles_fts', 'ادلب')
  })
  t.same(seenInside, [], 'not yet inside the transaction')
  t.same(ftsRows(db, 'articles_fts', 'ادلب'), [1], 'the article, once it commits')
  t.equal(ftsRows(db, 'quotes_fts', 'روسيا').length, 1, 'and its quote')
  t.same(store.articles.list({ fts: '"ادلب"', limit: 10 }).items.map((a) => a.id), ['a1'])
})

t.test('an article written again replaces its full-text row; one rolled back leaves none', async (t) => {
  const { db, store } = storeWith(t)
  const write = (body: string, replaces: boolean) =>
    store.transaction(() => {
      const a = article('a1', body)
      store.articles.write(a, body, 'now', articleFacts(a), replaces)
    })
  write('خبر عن إدلب', false)
  write('خبر عن حلب', true)
  t.same(ftsRows(db, 'articles_fts', 'ادلب'), [], 'the old words are gone')
  t.same(ftsRows(db, 'articles_fts', 'حلب'), [1])
  t.throws(() =>
    store.transaction(() => {
      const a = article('a2', 'خبر عن سوتشي')
      store.articles.write(a, 'h', 'now', articleFacts(a), false)
      throw new Error('fails half way')
    })
  )
  t.same(ftsRows(db, 'articles_fts', 'سوتشي'), [], 'nothing of a rolled-back batch')
  write('خبر عن حمص', true)
  t.same(ftsRows(db, 'articles_fts', 'حمص'), [1], 'and the next transaction is not confused by it')
})

t.test("a deleted quote leaves the quotes' index (trigger); a written one enters it (writer)", async (t) => {
  const { db, store, write } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  t.equal(ftsRows(db, 'quotes_fts', 'روسيا').length, 1)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(OTHER, null)] })
  t.equal(ftsRows(db, 'quotes_fts', 'روسيا').length, 0, 'replaced')
  t.equal(ftsRows(db, 'quotes_fts', 'صين').length, 1)
  store.articles.removeExcept(new Set())
  t.equal(ftsRows(db, 'quotes_fts', 'صين').length, 0, 'gone with its article')
})

t.test('mergeSegments merges each full-text index into one segment in steps, finds the same rows, then has nothing to do', async (t) => {
  const { db, store } = storeWith(t)
  // each transaction writes its rows as one segment: forty segments an index
  for (let i = 1; i <= 40; i++) {
    store.transaction(() => {
      const a = article(`a${i}`, `خبر ${i} عن إدلب`)
      const rowid = store.articles.write(a, `h${i}`, 'now', articleFacts(a), false)
      store.annotations.write(rowid, { entities: [], mentions: [], quotes: [quote(SAID, null)], events: [], agreements: [], agreementMentions: [] }, { quotes: [`q${i}`], events: [] }, false)
    })
  }
  const before = { articles: ftsRows(db, 'articles_fts', 'ادلب'), quotes: ftsRows(db, 'quotes_fts', 'روسيا') }
  t.equal(before.articles.length, 40)
  const segments = (table: string) => (db.prepare(`SELECT block FROM ${table}_data WHERE id = 10`).pluck().get() as Buffer).length
  const structure = { articles: segments('articles_fts'), quotes: segments('quotes_fts') }
  const steps = [...store.mergeFullText()].length
  t.ok(steps >= 2, `work done, a step at a time (${steps} steps)`)
  t.ok(segments('articles_fts') < structure.articles && segments('quotes_fts') < structure.quotes, 'each index\u2019s structure record lists fewer segments')
  t.same({ articles: ftsRows(db, 'articles_fts', 'ادلب'), quotes: ftsRows(db, 'quotes_fts', 'روسيا') }, before, 'the same rows found')
  t.equal([...store.mergeFullText()].length, 0, 'merged: nothing left to do')
})
