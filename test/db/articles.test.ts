import t from 'tap'
import { articleFacts } from '../../src/corpus/text-facts.js'
import { storeWith } from './helpers.js'

t.test('totals are cached per filter set and forgotten when the data changes', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', {})
  write('a2', '2020-02-11T09:00:00Z', {})
  finish()
  t.equal(store.articles.list({ fts: null, limit: 1 }).total, 2)
  t.equal(store.articles.list({ fts: null, limit: 1, from: '2020-02-11' }).total, 1)
  write('a3', '2020-02-12T09:00:00Z', {})
  t.equal(store.articles.list({ fts: null, limit: 1 }).total, 3, 'a write forgets the cached total')
  t.equal(store.articles.list({ fts: null, limit: 1, from: '2020-02-11' }).total, 2)
  store.articles.removeExcept(new Set(['a3']))
  t.equal(store.articles.list({ fts: null, limit: 1 }).total, 1)
})

t.test('full-text listing: same order and pages whether it walks the listing (many hits) or starts from the hits (few)', async (t) => {
  const { store, writeNews } = storeWith(t)
  writeNews()
  const all = store.articles.list({ fts: null, limit: 100 }).items.map((a) => a.id)
  const pages = (fts: string, limit: number) => {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = store.articles.list({ fts, limit, ...(cursor ? { cursor } : {}) })
      ids.push(...page.items.map((a) => a.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return ids
  }
  // every article has إدلب: 60² > 2 × 60, the listing is walked
  t.same(pages('"ادلب"', 1), all, 'many hits, pages of one: the listing order')
  // six have سوتشي: 6² ≤ 4 × 60, the hits come first
  const rare = all.filter((id) => Number(id.slice(1)) % 10 === 0)
  t.same(pages('"سوتشي"', 3), rare, 'few hits, pages of three: the same order')
  t.equal(store.articles.list({ fts: '"سوتشي"', limit: 3 }).total, 6)
})

t.test('day filters are the day the outlet wrote, at any offset; a source pages the same from its own index', async (t) => {
  const { store, write } = storeWith(t)
  // the local days 10, 11 and 12 February, written at the extreme offsets (their UTC instants a day apart from them)
  write('east', '2020-02-11T01:00:00+14:00', {}) // UTC 10 February, 11:00
  write('west', '2020-02-11T23:00:00-12:00', {}) // UTC 12 February, 11:00
  write('plain', '2020-02-10', {})
  write('late', '2020-02-12T23:59:59Z', {})
  const ids = (q: { from?: string; to?: string; source?: string }, limit = 10) => {
    const out: string[] = []
    let cursor: string | undefined
    do {
      const page = store.articles.list({ fts: null, ...q, limit, ...(cursor ? { cursor } : {}) })
      out.push(...page.items.map((a) => a.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return out
  }
  t.same(ids({ from: '2020-02-11', to: '2020-02-11' }), ['west', 'east'], 'both written on the 11th, newest instant first')
  t.same(ids({ to: '2020-02-10' }), ['plain'])
  t.same(ids({ from: '2020-02-12' }), ['late'])
  t.equal(store.articles.list({ fts: null, limit: 1, from: '2020-02-11', to: '2020-02-11' }).total, 2)
  // two of six from another outlet: 2² ≤ 2 × 6, so taken from the source's own index; the rest walk the listing
  for (const [id, at] of [['r1', '2020-02-09T10:00:00Z'], ['r2', '2020-02-13T10:00:00Z']] as const) {
    store.transaction(() => {
      const article = { id, title: 'عنوان', body: 'نص', publishedAt: at, source: 'rare', url: null, origin: 't' }
      store.articles.write(article, id, 'now', articleFacts(article), false)
    })
  }
  t.same(ids({ source: 'rare' }, 1), ['r2', 'r1'], 'a rare source, from its index')
  t.same(ids({ source: 'rare', to: '2020-02-10' }, 1), ['r1'])
  t.same(ids({ source: 'test' }, 1), ['late', 'west', 'east', 'plain'], 'a common one, walked')
})
