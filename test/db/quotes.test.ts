import t from 'tap'
import { OTHER, quote, SAID, storeWith } from './helpers.js'

t.test('quotes in corpus order, then position; the detail agrees with the list', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null), { ...quote(OTHER, null), span: { start: 200, end: 260 }, kind: 'indirect' }] })
  write('a2', '2020-02-12T09:00:00Z', { quotes: [{ ...quote(OTHER, '2020-02-01'), speakerId: null }] })
  finish()
  const all = store.quotes.list({ fts: null, limit: 10 })
  t.same(all.items.map((q) => [q.articleId, q.kind, q.speaker?.id ?? null]), [['a1', 'direct', 'putin'], ['a1', 'indirect', 'putin'], ['a2', 'direct', null]])
  t.equal(all.total, 3)
  // the list's JSON is made by SQLite, the detail's object in JavaScript (toQuote): the same, with or without speaker and date
  for (const q of all.items) t.same(store.quotes.get(q.id), q, q.id)
  t.equal(store.quotes.get('nope'), null)
  const page = store.quotes.list({ fts: null, limit: 2 })
  t.same(store.quotes.list({ fts: null, limit: 2, cursor: page.nextCursor ?? '' }).items.map((q) => q.articleId), ['a2'], 'cursor')
})

t.test('filters combine: speaker, kind, words, article, and dates (a statement without its own date has its article’s)', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null), { ...quote(OTHER, null), span: { start: 200, end: 260 }, kind: 'indirect' }] })
  write('a2', '2020-02-12T09:00:00Z', { quotes: [{ ...quote(OTHER, '2020-02-01'), speakerId: null }] })
  finish()
  const texts = (query: Parameters<typeof store.quotes.list>[0]) => store.quotes.list(query).items.map((q) => `${q.articleId}:${q.kind}`)
  t.same(texts({ speaker: 'Putin', fts: null, limit: 10 }), ['a1:direct', 'a1:indirect'])
  t.same(texts({ speaker: 'nobody', fts: null, limit: 10 }), [], 'an unknown speaker matches nothing')
  t.same(texts({ kind: 'indirect', fts: null, limit: 10 }), ['a1:indirect'])
  t.same(texts({ from: '2020-02-05', fts: null, limit: 10 }), ['a1:direct', 'a1:indirect'], 'a2 is dated by its statement (02-01)')
  t.same(texts({ to: '2020-02-09', fts: null, limit: 10 }), ['a2:direct'])
  t.same(texts({ articleId: 'a2', fts: null, limit: 10 }), ['a2:direct'])
  t.same(texts({ fts: '"ادلب"', limit: 10 }), ['a1:direct'], 'words in the statement')
  t.equal(store.quotes.list({ speaker: 'putin', kind: 'direct', fts: null, limit: 10 }).total, 1)
  t.throws(() => store.quotes.list({ articleId: 'nope', fts: null, limit: 10 }), { code: 'notFound' })
  t.throws(() => store.quotes.list({ cursor: 'bad', fts: null, limit: 10 }), { code: 'badCursor' })
})
