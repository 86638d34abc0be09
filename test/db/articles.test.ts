import t from 'tap'
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
