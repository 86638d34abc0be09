import t from 'tap'
import { articleFacts } from '../../src/corpus/text-facts.js'
import { storeWith } from './helpers.js'

t.test('search pages its articles the same whether it walks the listing (many hits) or starts from the hits (few)', async (t) => {
  const { db, store } = storeWith(t)
  db.transaction(() => {
    for (let i = 0; i < 60; i++) {
      const day = String((i % 28) + 1).padStart(2, '0')
      const body = `خبر عن إدلب ${i % 10 === 0 ? 'وسوتشي' : ''} ${'نص '.repeat(20)}`
      const article = { id: `n${String(i).padStart(2, '0')}`, title: `عنوان ${i}`, body, publishedAt: `2020-02-${day}T09:00:00Z`, source: 'test', url: null, origin: 't' }
      store.articles.write(article, `h${i}`, '2020-03-01', articleFacts(article))
    }
  })()
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
