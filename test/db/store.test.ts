import t, { type Test } from 'tap'
import type { DocumentAnnotations } from '../../schemas/annotations.js'
import { openDatabase } from '../../src/db/database.js'
import { Store } from '../../src/db/store.js'
import { linkSameStatements, statementTerms } from '../../src/knowledge/statements.js'
import { articleFacts } from '../../src/corpus/text-facts.js'
import { aggregateEvent } from '../../src/pipeline/event-aggregate.js'
import { stableId } from '../../src/pipeline/ids.js'

type Quote = DocumentAnnotations['quotes'][number]
type EventAnn = DocumentAnnotations['events'][number]

const STOP = new Set(['في', 'من', 'على', 'ان'])
const SAID = 'قال بوتين إن روسيا ستواصل دعم الجيش السوري في محافظة إدلب حتى القضاء على الإرهاب'
const OTHER = 'الاقتصاد الروسي ينمو بسرعة والتجارة مع الصين تتوسع كثيرا هذا العام'

const putin = {
  id: 'putin',
  name: 'فلاديمير بوتين',
  nameEn: 'Vladimir Putin',
  type: 'person' as const,
  aliases: ['بوتين'],
  role: 'الرئيس الروسي',
  affiliation: null,
  lat: null,
  lon: null,
  partOf: null,
  source: 'kb' as const,
  ruleId: 'kb.person',
  confidence: 1
}
const idlib = { ...putin, id: 'idlib', name: 'إدلب', nameEn: 'Idlib', type: 'place' as const, aliases: [], role: null, lat: 35.9, lon: 36.6 }

const quote = (text: string, date: string | null): Quote => ({
  text,
  kind: 'direct',
  speakerId: 'putin',
  cue: 'قال',
  span: { start: 0, end: text.length },
  date: date === null ? null : { start: date, end: date, precision: 'day', text: '' },
  confidence: 0.9,
  ruleId: 'quote.test',
  speakerRuleId: 'speaker.test'
})

const attack = (date: string, start = 0): EventAnn => ({
  type: 'attack',
  status: 'occurred',
  date: { start: date, end: date, precision: 'day', text: '' },
  locationIds: ['idlib'],
  actorIds: [],
  fatalities: null,
  fatalitiesQualifier: null,
  span: { start, end: start + 4 },
  text: 'قصف',
  trigger: 'قصف',
  confidence: 0.7,
  ruleId: 'event.test'
})

function storeWith(t: Test) {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const store = new Store(db, { linkStatements: (statements) => linkSameStatements(statements, (text) => statementTerms(text, STOP)), aggregateEvent })
  const write = (id: string, publishedAt: string, ann: Partial<DocumentAnnotations>, eventKey = (ev: EventAnn) => `${ev.type}|${ev.date?.start}`) => {
    db.transaction(() => {
      const article = { id, title: `عنوان ${id}`, body: 'نص '.repeat(50), publishedAt, source: 'test', url: null, origin: 'test' }
      const rowid = store.writeArticle(article, id, publishedAt, articleFacts(article))
      const all = { entities: [putin, idlib], mentions: [], quotes: [], events: [], agreements: [], agreementMentions: [], ...ann }
      const ids = { quotes: all.quotes.map((q) => stableId('q', id, q.span.start, q.span.end, q.kind)), events: all.events.map((ev) => stableId('ev', eventKey(ev))) }
      store.writeAnnotations(rowid, all, ids)
    })()
  }
  const finish = () => {
    for (const _step of store.finishBoot());
  }
  return { db, store, write, finish }
}

t.test('the same statement in other articles: same speaker, within three days, same words', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, '2020-02-10'), quote(OTHER, '2020-02-10')] })
  write('a2', '2020-02-12T09:00:00Z', { quotes: [quote(SAID, null)] }) // dated by its article: two days later
  write('a3', '2020-02-20T09:00:00Z', { quotes: [quote(SAID, null)] }) // ten days later: another occasion
  finish()
  const page = store.listQuotes({ speaker: 'putin', fts: null, limit: 10 })
  const byArticle = (id: string) => page.items.filter((q) => q.articleId === id)
  const [a1said, a1other] = byArticle('a1')
  const [a2said] = byArticle('a2')
  t.same(a1said?.alsoReportedIn.map((r) => [r.articleId, r.quoteId]), [['a2', a2said?.id]])
  t.same(a2said?.alsoReportedIn.map((r) => r.articleId), ['a1'], 'linked both ways')
  t.equal(a1said?.alsoReportedIn[0]?.similarity, 1)
  t.same(a1other?.alsoReportedIn, [], 'different words are not the same statement')
  t.same(byArticle('a3')[0]?.alsoReportedIn, [], 'too far apart')
  t.same(store.getQuote(a1said?.id ?? '')?.alsoReportedIn, a1said?.alsoReportedIn, 'the detail agrees with the list')

  // the links follow the corpus: without a2 there is nothing to link a1's statement to
  store.removeArticlesExcept(new Set(['a1', 'a3']))
  finish()
  t.same(store.listQuotes({ articleId: 'a1', fts: null, limit: 10 }).items[0]?.alsoReportedIn, [])
})

t.test('a speaker filter names the entity by any whole-word run of its names', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  finish()
  for (const value of ['putin', 'بوتين', 'فلاديمير بوتين', 'Putin', 'vladimir putin', 'فلاديمير']) {
    t.same(store.resolveEntityIds(value), ['putin'], value)
  }
  for (const value of ['بوتي', 'Vlad', 'بوتين فلاديمير', 'الرئيس']) t.same(store.resolveEntityIds(value), [], `${value}: not a run of name words`)
})

t.test('totals are cached per filter set and forgotten when the data changes', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', {})
  write('a2', '2020-02-11T09:00:00Z', {})
  finish()
  t.equal(store.listArticles({ fts: null, limit: 1 }).total, 2)
  t.equal(store.listArticles({ fts: null, limit: 1, from: '2020-02-11' }).total, 1)
  write('a3', '2020-02-12T09:00:00Z', {})
  t.equal(store.listArticles({ fts: null, limit: 1 }).total, 3, 'a write forgets the cached total')
  t.equal(store.listArticles({ fts: null, limit: 1, from: '2020-02-11' }).total, 2)
  store.removeArticlesExcept(new Set(['a3']))
  t.equal(store.listArticles({ fts: null, limit: 1 }).total, 1)
})

t.test('events: newest first from the read model; lists carry at most 50 mentions, the event all of them', async (t) => {
  const { store, write, finish } = storeWith(t)
  // one event (same key) reported 60 times in one article, another event later
  write('a1', '2020-02-10T09:00:00Z', { events: Array.from({ length: 60 }, (_, i) => attack('2020-02-09', i * 10)) })
  write('a2', '2020-03-01T09:00:00Z', { events: [attack('2020-03-01')] })
  finish()
  const page = store.listEvents({ limit: 10 })
  t.same(page.items.map((e) => e.date?.start), ['2020-03-01', '2020-02-09'])
  t.equal(page.total, 2)
  const big = page.items[1]
  t.equal(big?.mentionCount, 60)
  t.equal(big?.mentions.length, 50)
  t.equal(store.getEvent(big?.id ?? '')?.mentions.length, 60)
  t.equal(store.listEvents({ articleId: 'a1', limit: 10 }).items[0]?.mentions.length, 60, "with articleId: that article's mentions")

  const filtered = store.listEvents({ type: 'attack', location: 'Idlib', from: '2020-02-15', limit: 10 })
  t.same(filtered.items.map((e) => e.date?.start), ['2020-03-01'])
  t.equal(filtered.total, 1)
  const next = store.listEvents({ limit: 1 })
  t.same(store.listEvents({ limit: 1, cursor: next.nextCursor ?? '' }).items.map((e) => e.date?.start), ['2020-02-09'], 'cursor')
  t.same(store.listEvents({ location: 'idlib', to: '2020-01-31', limit: 10 }).items, [])
})

t.test('timeline: statements and events in date order, by entity and range', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)], events: [attack('2020-02-09')] })
  write('a2', '2020-03-01T09:00:00Z', { quotes: [quote(OTHER, '2020-02-28')] })
  finish()
  const all = store.timeline({ limit: 10 })
  t.same(all.items.map((i) => [i.kind, i.date.start]), [['event', '2020-02-09'], ['quote', '2020-02-10'], ['quote', '2020-02-28']])
  t.equal(all.total, 3)
  t.same(store.timeline({ entity: 'Idlib', limit: 10 }).items.map((i) => i.kind), ['event'], 'a place: its events')
  t.same(store.timeline({ entity: 'بوتين', from: '2020-02-11', limit: 10 }).items.map((i) => i.date.start), ['2020-02-28'])
  const first = store.timeline({ limit: 2 })
  t.same(store.timeline({ limit: 2, cursor: first.nextCursor ?? '' }).items.map((i) => i.date.start), ['2020-02-28'], 'cursor')
})

t.test('a statement syndicated by hundreds of articles: bounded work, at most 50 links each', async (t) => {
  const { store, write, finish } = storeWith(t)
  for (let i = 0; i < 400; i++) write(`s${String(i).padStart(3, '0')}`, '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  finish()
  const page = store.listQuotes({ speaker: 'putin', fts: null, limit: 100 })
  t.equal(page.total, 400)
  t.ok(page.items.every((q) => q.alsoReportedIn.length === 50), 'each lists 50 others')
  t.ok(page.items.every((q) => !q.alsoReportedIn.some((r) => r.articleId === q.articleId)), 'never its own article')
})

t.test('full-text listing: same order and pages whether it walks the listing (many hits) or starts from the hits (few)', async (t) => {
  const { db, store } = storeWith(t)
  db.transaction(() => {
    for (let i = 0; i < 60; i++) {
      const day = String((i % 28) + 1).padStart(2, '0')
      const body = `خبر عن إدلب ${i % 10 === 0 ? 'وسوتشي' : ''} ${'نص '.repeat(20)}`
      const article = { id: `n${String(i).padStart(2, '0')}`, title: `عنوان ${i}`, body, publishedAt: `2020-02-${day}T09:00:00Z`, source: 'test', url: null, origin: 't' }
      store.writeArticle(article, `h${i}`, '2020-03-01', articleFacts(article))
    }
  })()
  const all = store.listArticles({ fts: null, limit: 100 }).items.map((a) => a.id)
  const pages = (fts: string, limit: number) => {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = store.listArticles({ fts, limit, ...(cursor ? { cursor } : {}) })
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
  t.equal(store.listArticles({ fts: '"سوتشي"', limit: 3 }).total, 6)

  // /v1/search pages its articles the same way
  const searched = (q: string, limit: number) => {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = store.search({ q, limit, ...(cursor ? { cursor } : {}) })
      ids.push(...page.items.filter((i) => i.kind === 'article').map((i) => i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return ids
  }
  t.same(searched('إدلب', 7), all, 'search, many hits')
  t.same(searched('سوتشي', 4), rare, 'search, few hits')
})

t.test('filtered events page the same whether the recency index is walked (many match) or the matches sorted (few)', async (t) => {
  const { store, write, finish } = storeWith(t)
  for (let i = 0; i < 30; i++) {
    const day = `2020-01-${String(i + 1).padStart(2, '0')}`
    write(`e${i}`, `${day}T09:00:00Z`, { events: [attack(day)] })
  }
  finish()
  const pages = (query: { type?: 'attack'; from?: string }, limit: number) => {
    const dates: (string | undefined)[] = []
    let cursor: string | undefined
    do {
      const page = store.listEvents({ ...query, limit, ...(cursor ? { cursor } : {}) })
      dates.push(...page.items.map((e) => e.date?.start))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return dates
  }
  const newestFirst = Array.from({ length: 30 }, (_, i) => `2020-01-${String(30 - i).padStart(2, '0')}`)
  t.same(pages({ type: 'attack' }, 1), newestFirst, 'all 30 match: 30² > 2 × 30, the index is walked')
  t.same(pages({ type: 'attack', from: '2020-01-28' }, 1), newestFirst.slice(0, 3), 'three match: sorted from the matches')
  t.same(pages({}, 4), newestFirst, 'unfiltered')
})

t.test('date-window filters (R-tree) hold odd ranges: reversed or unparsable dates never break the rebuild', async (t) => {
  const { store, write, finish } = storeWith(t)
  const reversed = { ...attack('2020-03-10'), date: { start: '2020-03-10', end: '2020-03-01', precision: 'day' as const, text: '' } }
  const garbage = { ...attack('2020-03-10', 20), type: 'talks' as const, date: { start: 'not-a-date', end: 'not-a-date', precision: 'day' as const, text: '' } }
  write('a1', '2020-03-11T09:00:00Z', { events: [reversed, garbage, attack('2020-01-05', 40)] })
  t.doesNotThrow(() => finish())
  t.same(store.listEvents({ from: '2020-03-05', to: '2020-03-06', limit: 10 }).items.map((e) => e.date?.start), ['2020-03-10'], 'the reversed range is searched as 03-01..03-10')
  t.same(store.listEvents({ type: 'attack', to: '2020-01-31', limit: 10 }).items.map((e) => e.date?.start), ['2020-01-05'])
  t.equal(store.listEvents({ type: 'talks', from: '2000-01-01', limit: 10 }).total, 0, 'an unparsable date matches no window')
})
