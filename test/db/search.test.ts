import t from 'tap'
import { searchTerms } from '../../src/search/fold.js'
import { OTHER, quote, SAID, sochi, sochiMention, storeWith } from './helpers.js'

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
  // three agreements: a word several names share finds each once, in their order; a query holding a whole name finds it
  write('a3', '2020-02-12T09:00:00Z', {
    agreements: [{ ...sochi, id: 'astana-2', name: 'مسار أستانا الثاني', nameEn: 'Astana II', aliases: ['أستانا 2'] }],
    agreementMentions: [{ ...sochiMention(0), agreementId: 'astana-2' }]
  })
  finish()
  t.same(agreements('أستانا'), ['astana', 'astana-2'], 'a word in names of two agreements (and two names of one)')
  t.same(agreements('Astana'), ['astana', 'astana-2'], 'in English, each once')
  t.same(agreements('ما جرى في مسار أستانا الثاني أمس'), ['astana', 'astana-2'], 'names the query holds: مسار أستانا and مسار أستانا الثاني')
  t.same(agreements('Astana II talks'), ['astana-2'], 'one English name the query holds')
  t.same(agreements('process'), ['astana'], 'a word of one English name')
})

t.test('search pages its statements newest first, by the full-text index\u2019s days: many hits, few, several a day, undated', async (t) => {
  const { store, write, finish } = storeWith(t)
  // undated articles (their statements last), written first and last, so that their rowids are both low and high
  const undated = (id: string) => write(id, '', { quotes: [{ ...quote(`إدلب ${SAID}`, null), span: { start: 0, end: 10 } }] })
  undated('u0')
  // forty articles with two statements each: every one mentions إدلب (many hits), every fifth article's second سوتشي (few)
  for (let i = 0; i < 40; i++) {
    const day = String((i % 28) + 1).padStart(2, '0')
    const second = `${i % 5 === 0 ? 'سوتشي' : 'موسكو'} ${OTHER}`
    write(`s${String(i).padStart(2, '0')}`, `2020-02-${day}T0${i % 9}:00:00Z`, {
      quotes: [{ ...quote(`إدلب ${SAID}`, null), span: { start: 0, end: 10 } }, { ...quote(`إدلب ${second}`, null), span: { start: 20, end: 30 }, speakerId: i % 2 ? null : 'putin' }]
    })
  }
  undated('u1')
  finish()
  const inOrder = store.quotes.list({ fts: null, limit: 100 }).items
  const rank = new Map(store.articles.list({ fts: null, limit: 100 }).items.map((a, i) => [a.id, i]))
  const expected = (word: string) =>
    inOrder
      .filter((q) => q.text.includes(word))
      .sort((a, b) => (rank.get(a.articleId) ?? 0) - (rank.get(b.articleId) ?? 0) || a.span.start - b.span.start)
      .map((q) => [q.id, q.text, q.speaker?.name ?? null, q.articleId])
  const searched = (q: string, limit: number) => {
    const found: unknown[] = []
    let cursor: string | undefined
    do {
      const page = store.search.list({ q, ...searchTerms(q), limit, ...(cursor ? { cursor } : {}) })
      found.push(...page.items.filter((i) => i.kind === 'quote').map((i) => [i.id, i.label, i.snippet, i.articleId]))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return found
  }
  t.equal(expected('إدلب').length, 82)
  t.same(expected('إدلب').slice(-2).map((q) => q[3]), ['u1', 'u0'], 'undated articles last (by id, newest first)')
  for (const limit of [1, 7, 20, 100]) t.same(searched('إدلب', limit), expected('إدلب'), `many hits, pages of ${limit}: newest article first, in the article in order`)
  t.equal(expected('سوتشي').length, 8)
  t.same(searched('سوتشي', 3), expected('سوتشي'), 'few hits')
})
