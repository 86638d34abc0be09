import t from 'tap'
import { storeWith } from './helpers.js'

t.test('search pages its articles the same whether it walks the listing (many hits) or starts from the hits (few)', async (t) => {
  const { store, writeNews } = storeWith(t)
  writeNews()
  const all = store.articles.list({ fts: null, limit: 100 }).items.map((a) => a.id)
  const rare = all.filter((id) => Number(id.slice(1)) % 10 === 0)
  const searched = (q: string, limit: number) => {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = store.search.list({ q, limit, ...(cursor ? { cursor } : {}) })
      ids.push(...page.items.filter((i) => i.kind === 'article').map((i) => i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return ids
  }
  t.same(searched('إدلب', 7), all, 'search, many hits')
  t.same(searched('سوتشي', 4), rare, 'search, few hits')
})
