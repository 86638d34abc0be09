import t from 'tap'
import { searchTerms } from '../../src/search/fold.js'
import { sochi, sochiMention, storeWith } from './helpers.js'

t.test('search pages its articles the same whether it walks the listing (many hits) or starts from the hits (few)', async (t) => {
  const { store, writeNews } = storeWith(t)
  writeNews()
  const all = store.articles.list({ fts: null, limit: 100 }).items.map((a) => a.id)
  const rare = all.filter((id) => Number(id.slice(1)) % 10 === 0)
  const searched = (q: string, limit: number) => {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = store.search.list({ q, ...searchTerms(q), limit, ...(cursor ? { cursor } : {}) })
      ids.push(...page.items.filter((i) => i.kind === 'article').map((i) => i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return ids
  }
  t.same(searched('إدلب', 7), all, 'search, many hits')
  t.same(searched('سوتشي', 4), rare, 'search, few hits')
})

t.test('agreements are found by any of their names, folded once per change of the data', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { agreements: [sochi], agreementMentions: [sochiMention(0)] })
  finish()
  const agreements = (q: string) => store.search.list({ q, ...searchTerms(q), limit: 10 }).items.filter((i) => i.kind === 'agreement').map((i) => i.id)
  t.same(agreements('إتفاق سوتشي'), ['sochi-2018'], 'by an alias, spelled otherwise')
  t.same(agreements('Sochi memorandum'), ['sochi-2018'], 'in English')
  t.same(agreements('أستانا'), [])
  write('a2', '2020-02-11T09:00:00Z', { agreements: [{ ...sochi, id: 'astana', name: 'مسار أستانا', nameEn: 'Astana process', aliases: [] }], agreementMentions: [{ ...sochiMention(0), agreementId: 'astana' }] })
  finish()
  t.same(agreements('أستانا'), ['astana'], 'an agreement written since is found')
})
