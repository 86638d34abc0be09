import t from 'tap'
import { OTHER, quote, SAID, storeWith } from './helpers.js'

t.test('the same statement in other articles: same speaker, within three days, same words', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, '2020-02-10'), quote(OTHER, '2020-02-10')] })
  write('a2', '2020-02-12T09:00:00Z', { quotes: [quote(SAID, null)] }) // dated by its article: two days later
  write('a3', '2020-02-20T09:00:00Z', { quotes: [quote(SAID, null)] }) // ten days later: another occasion
  finish()
  const page = store.quotes.list({ speaker: 'putin', fts: null, limit: 10 })
  const byArticle = (id: string) => page.items.filter((q) => q.articleId === id)
  const [a1said, a1other] = byArticle('a1')
  const [a2said] = byArticle('a2')
  t.same(a1said?.alsoReportedIn.map((r) => [r.articleId, r.quoteId]), [['a2', a2said?.id]])
  t.same(a2said?.alsoReportedIn.map((r) => r.articleId), ['a1'], 'linked both ways')
  t.equal(a1said?.alsoReportedIn[0]?.similarity, 1)
  t.same(a1other?.alsoReportedIn, [], 'different words are not the same statement')
  t.same(byArticle('a3')[0]?.alsoReportedIn, [], 'too far apart')
  t.same(store.quotes.get(a1said?.id ?? '')?.alsoReportedIn, a1said?.alsoReportedIn, 'the detail agrees with the list')

  // the links follow the corpus: without a2 there is nothing to link a1's statement to
  store.articles.removeExcept(new Set(['a1', 'a3']))
  finish()
  t.same(store.quotes.list({ articleId: 'a1', fts: null, limit: 10 }).items[0]?.alsoReportedIn, [])
})

t.test('a statement syndicated by hundreds of articles: bounded work, at most 50 links each', async (t) => {
  const { store, write, finish } = storeWith(t)
  for (let i = 0; i < 400; i++) write(`s${String(i).padStart(3, '0')}`, '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  finish()
  const page = store.quotes.list({ speaker: 'putin', fts: null, limit: 100 })
  t.equal(page.total, 400)
  t.ok(page.items.every((q) => q.alsoReportedIn.length === 50), 'each lists 50 others')
  t.ok(page.items.every((q) => !q.alsoReportedIn.some((r) => r.articleId === q.articleId)), 'never its own article')
})
