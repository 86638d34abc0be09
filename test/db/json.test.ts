import t from 'tap'
import { Value } from 'typebox/value'
import { ArticlePageSchema } from '../../schemas/articles.js'
import { EventPageSchema, QuotePageSchema, SearchPageSchema, TimelinePageSchema } from '../../schemas/knowledge.js'
import { jsonOf, jsonPage, parseJson } from '../../src/db/json.js'
import { searchTerms } from '../../src/search/fold.js'
import { build } from '../helper.js'

t.test('jsonPage joins the items JSON into a page, as JSON.stringify would write it', async (t) => {
  const items = [{ a: 'إدلب "x"\n' }, { a: null }]
  const page = jsonPage(items.map(jsonOf), 'abc', 7)
  t.same(parseJson(page), { items, nextCursor: 'abc', total: 7 })
  t.equal(jsonPage([], null, 0).toString(), '{"items":[],"nextCursor":null,"total":0}')
})

t.test('on the seeds, the JSON lists SQLite makes are what the object mappings make, and match the contract', async (t) => {
  const app = await build(t)
  const { store } = app

  const quotes = parseJson(store.quotes.listJson({ fts: null, limit: 1000 }))
  t.ok(quotes.items.length > 20, `${quotes.items.length} quotes`)
  t.ok(Value.Check(QuotePageSchema, quotes), 'a quote page is a QuotePage')
  // (quotes without a speaker are checked the same way in quotes.test.ts)
  t.ok(quotes.items.some((q) => q.date === null) && quotes.items.some((q) => q.date !== null), 'with and without a date')
  t.ok(quotes.items.some((q) => q.alsoReportedIn.length > 0), 'some reported elsewhere too')
  // the detail maps the row in JavaScript (toQuote): every listed quote is the same object
  for (const q of quotes.items) t.same(q, store.quotes.get(q.id), q.id)

  const articles = parseJson(store.articles.listJson({ fts: null, limit: 100 }))
  t.ok(Value.Check(ArticlePageSchema, articles), 'an article page is an ArticlePage')
  for (const a of articles.items) {
    const full = store.articles.get(a.id)
    t.ok(full, a.id)
    if (!full) continue
    const { body, ...fields } = full
    t.same(a, { ...fields, excerpt: body.slice(0, 200) }, a.id)
  }

  const events = parseJson(store.events.listJson({ limit: 1000 }))
  t.ok(events.items.length > 5, `${events.items.length} events`)
  t.ok(Value.Check(EventPageSchema, events), 'an event page is an EventPage')
  for (const e of events.items) t.same(e, store.events.listed(e.id), e.id)
  // with an article, each event carries that article's mentions (made in JavaScript)
  const articleId = events.items[0]?.mentions[0]?.articleId ?? ''
  const ofArticle = parseJson(store.events.listJson({ articleId, limit: 1000 }))
  t.ok(ofArticle.items.length > 0 && ofArticle.items.every((e) => e.mentions.every((m) => m.articleId === articleId)), 'the article’s mentions')
  t.ok(Value.Check(EventPageSchema, ofArticle))

  // search: every kind of item; a statement's is its text, speaker's name and article
  for (const q of ['إدلب', 'Erdogan', 'سوتشي']) {
    const found = parseJson(store.search.listJson({ q, ...searchTerms(q), limit: 100 }))
    t.ok(Value.Check(SearchPageSchema, found), `${q}: a SearchPage`)
    for (const item of found.items.filter((i) => i.kind === 'quote')) {
      const quote = store.quotes.get(item.id)
      t.same([item.label, item.snippet, item.articleId], [quote?.text, quote?.speaker?.name ?? null, quote?.articleId], item.id)
    }
  }
  const kinds = new Set(['إدلب', 'Erdogan', 'سوتشي'].flatMap((q) => parseJson(store.search.listJson({ q, ...searchTerms(q), limit: 100 })).items.map((i) => i.kind)))
  t.same([...kinds].sort(), ['agreement', 'article', 'entity', 'quote'], 'every kind of item')
})

t.test('on the seeds, timeline items made by SQLite are the events and statements as their lists show them', async (t) => {
  const app = await build(t)
  const { store } = app
  for (const query of [{ limit: 1000 }, { entity: 'Idlib', limit: 1000 }, { from: '2020-02-12', to: '2020-02-20', limit: 5 }]) {
    const page = parseJson(store.timeline.listJson(query))
    t.ok(Value.Check(TimelinePageSchema, page), 'a TimelinePage')
    t.ok(page.items.length > 0)
    for (const item of page.items) {
      if (item.kind === 'event') t.same([item.event, item.date], [store.events.listed(item.event?.id ?? ''), item.event?.date], item.event?.id ?? '')
      else t.same([item.quote, item.date.start <= item.date.end], [store.quotes.get(item.quote?.id ?? ''), true], item.quote?.id ?? '')
    }
  }
  const all = parseJson(store.timeline.listJson({ limit: 1000 }))
  t.ok(all.items.some((i) => i.kind === 'event') && all.items.some((i) => i.kind === 'quote'), 'both kinds')
  t.same(all.items.map((i) => i.date.start), all.items.map((i) => i.date.start).sort(), 'in date order')
})
