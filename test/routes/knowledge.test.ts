import t from 'tap'
import type { Article } from '../../schemas/articles.js'
import type { AgreementDetail, AgreementPage, EntityDetail, EntityPage, EventPage, QuotePage, SearchPage, TimelinePage } from '../../schemas/knowledge.js'
import type { Problem } from '../../schemas/problem.js'
import { build, json } from '../helper.js'

const SEEDS = ['000_b4eebee602e972a1', '001_d988bde6b7a87097', '002_a28b00397c7848ac', '003_0789d3dc42499c10', '004_30cea961def05e77']

t.test('every quote and event mention points at its evidence in the served body', async (t) => {
  const app = await build(t)
  for (const id of SEEDS) {
    const { body } = json<Article>(await app.inject(`/v1/articles/${id}`))
    const quotes = json<QuotePage>(await app.inject(`/v1/quotes?articleId=${id}&limit=100`))
    t.ok(quotes.items.length > 0, `${id} has quotes`)
    for (const q of quotes.items) {
      t.equal(body.slice(q.span.start, q.span.end), q.text, `quote span ${q.id}`)
      t.equal(q.articleId, id)
      t.ok(q.ruleId.length > 0)
      if (q.speaker) t.ok(q.speakerRuleId, 'an attributed speaker says which sieve chose it')
    }
    const events = json<EventPage>(await app.inject(`/v1/events?articleId=${id}&limit=100`))
    for (const e of events.items) {
      const here = e.mentions.filter((m) => m.articleId === id)
      t.ok(here.length > 0, `event ${e.id} has a mention in ${id}`)
      for (const m of here) t.equal(body.slice(m.span.start, m.span.end), m.text)
    }
  }
})

t.test('the seeds know the agreements they name', async (t) => {
  const app = await build(t)
  const all = json<AgreementPage>(await app.inject('/v1/agreements'))
  const byId = new Map(all.items.map((a) => [a.signedOn, a]))
  t.ok(byId.get('2018-09-17'), 'Sochi memorandum')
  t.ok(byId.get('2020-03-05'), 'Moscow protocol')
  const sochi = byId.get('2018-09-17')
  t.ok((sochi?.parties.length ?? 0) >= 2)
  t.ok((sochi?.mentions.length ?? 0) >= 3)
  const detail = json<AgreementPage['items'][number]>(await app.inject(`/v1/agreements/${encodeURIComponent(sochi?.id ?? '')}`))
  t.same(detail.mentions.length, sochi?.mentions.length)
})

t.test('entities of an article carry names and types', async (t) => {
  const app = await build(t)
  const page = json<EntityPage>(await app.inject(`/v1/entities?articleId=${SEEDS[0]}&limit=100`))
  t.ok(page.total >= 5)
  for (const e of page.items) {
    t.ok(e.name.length > 0)
    t.ok(['person', 'organization', 'country', 'armed_group', 'place', 'media'].includes(e.type))
  }
  const first = page.items[0]
  const one = await app.inject(`/v1/entities/${encodeURIComponent(first?.id ?? '')}`)
  t.equal(one.statusCode, 200)
})

t.test('ids are stable across reboots', async (t) => {
  const ids = async () => {
    const app = await build(t)
    const quotes = json<QuotePage>(await app.inject('/v1/quotes?limit=100')).items.map((q) => q.id)
    const events = json<EventPage>(await app.inject('/v1/events?limit=100')).items.map((e) => e.id)
    return { quotes, events }
  }
  const first = await ids()
  const second = await ids()
  t.same(second, first)
})

t.test('paging, filters and errors are the same on every knowledge list', async (t) => {
  const app = await build(t)
  for (const resource of ['quotes', 'events', 'agreements', 'entities']) {
    const all = json<QuotePage>(await app.inject(`/v1/${resource}?limit=100`))
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: QuotePage = json<QuotePage>(await app.inject(`/v1/${resource}?limit=3${cursor ? `&cursor=${cursor}` : ''}`))
      t.equal(page.total, all.total)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    t.same(seen, all.items.map((i) => i.id), `${resource}: paging walks the same list`)

    const unknownArticle = await app.inject(`/v1/${resource}?articleId=nope`)
    t.equal(unknownArticle.statusCode, 404, `${resource}?articleId=nope`)
    t.match(json<Problem>(unknownArticle), { detail: /article 'nope'/ })
    for (const bad of ['limit=0', 'cursor=%21', 'cursor=WzFd']) {
      const res = await app.inject(`/v1/${resource}?${bad}`)
      t.equal(res.statusCode, 400, `${resource}?${bad}`)
      t.match(res.headers['content-type'], /application\/problem\+json/)
    }
    const missing = await app.inject(`/v1/${resource}/does-not-exist`)
    t.equal(missing.statusCode, 404)
    t.match(missing.headers['content-type'], /application\/problem\+json/)
  }
})

t.test('quotes by speaker: id, Arabic or English name; with text and date filters', async (t) => {
  const app = await build(t)
  const texts = async (query: string) => json<QuotePage>(await app.inject(`/v1/quotes?${query}`)).items.map((q) => q.text)
  const byId = await texts('speaker=peskov')
  t.ok(byId.length >= 3, 'Peskov is quoted in 000 and 001')
  for (const name of ['بيسكوف', 'Peskov', 'Dmitry Peskov', 'ديمتري بيسكوف']) t.same(await texts(`speaker=${encodeURIComponent(name)}`), byId, name)
  t.ok(byId.some((text) => text.includes('لا خطط لإجراء اتصالات بين بوتين والأسد')))
  const idlibFeb = json<QuotePage>(await app.inject(`/v1/quotes?speaker=Peskov&q=${encodeURIComponent('إدلب')}&from=2020-02-01&to=2020-02-29`))
  t.ok(idlibFeb.total > 0 && idlibFeb.total <= byId.length)
  for (const q of idlibFeb.items) {
    t.equal(q.speaker?.id, 'peskov')
    t.match(q.text, /إدلب/)
  }
  t.same(await texts('speaker=Peskov&from=2020-03-01'), [], 'nothing Peskov said after February in the seeds')
  t.same(await texts('speaker=nobody-at-all'), [], 'an unknown name matches nothing')
  const erdogan = json<QuotePage>(await app.inject(`/v1/quotes?speaker=${encodeURIComponent('إردوغان')}&kind=direct`))
  t.ok(erdogan.items.length >= 2)
  t.ok(erdogan.items.every((q) => q.kind === 'direct' && q.speaker?.nameEn === 'Recep Tayyip Erdogan'))
})

t.test('events by type, place (with the places inside it), date, actor, toll and box', async (t) => {
  const app = await build(t)
  const events = async (query: string) => json<EventPage>(await app.inject(`/v1/events?limit=100&${query}`))
  const zawiya = await events(`type=attack&location=${encodeURIComponent('جبل الزاوية')}&from=2020-09-01`)
  t.ok(zawiya.total >= 2, 'shelling in Jabal al-Zawiya since September')
  for (const e of zawiya.items) {
    t.equal(e.type, 'attack')
    t.ok(e.locations.some((l) => l.id === 'jabal-al-zawiya'))
    t.ok((e.date?.end ?? '') >= '2020-09-01')
  }
  t.ok(zawiya.items.some((e) => e.locations.some((l) => l.id !== 'jabal-al-zawiya' && l.id !== 'idlib')), 'a village inside it counts')
  const inIdlib = await events('location=Idlib')
  t.ok(inIdlib.total >= zawiya.total, 'Idlib includes Jabal al-Zawiya')
  const deadly = await events('minFatalities=10')
  t.ok(deadly.items.length > 0 && deadly.items.every((e) => (e.fatalities ?? 0) >= 10))
  const byActor = await events(`actor=${encodeURIComponent('قوات النظام')}&type=attack`)
  t.ok(byActor.items.length > 0 && byActor.items.every((e) => e.actors.some((a) => a.id === 'syrian-government-forces')))
  const boxed = await events('bbox=36.0,35.5,37.0,36.2')
  t.ok(boxed.total > 0)
  const nowhere = await events('bbox=-10,-10,-9,-9')
  t.equal(nowhere.total, 0)
  t.ok((await events('bbox=-180,-90,180,90')).total >= boxed.total, 'the whole world is a valid box')
  const badQueries = [
    'type=bombing',
    'status=maybe',
    'minFatalities=-1',
    'bbox=1,2,3',
    'from=2020-02-30x',
    'bbox=37.0,35.5,36.0,36.2', // longitudes swapped
    'bbox=36.0,36.2,37.0,35.5', // latitudes swapped
    'bbox=36.0,35.5,181,36.2', // longitude out of range
    'bbox=36.0,-91,37.0,36.2', // latitude out of range
    'bbox=3.6e1,35.5,37.0,36.2' // exponent
  ]
  for (const bad of badQueries) {
    const res = await app.inject(`/v1/events?${bad}`)
    t.equal(res.statusCode, 400, bad)
    t.equal(json<Problem>(res).errors?.length, 1, `${bad}: one error for one bad field`)
  }
})

t.test('an agreement with the statements and events that refer to it', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v1/agreements/sochi-2018')
  t.equal(res.statusCode, 200)
  const sochi = json<AgreementDetail>(res)
  t.equal(sochi.signedOn, '2018-09-17')
  t.same(sochi.parties.map((p) => p.id).sort(), ['russia', 'turkey'])
  t.equal(sochi.mentionCount, sochi.mentions.length)
  const speakers = new Set(sochi.statements.map((q) => q.speaker?.id))
  t.ok(speakers.has('erdogan'), 'Erdogan threatens to strike regardless of the Sochi agreement')
  t.ok(speakers.has('borenkov'), 'Borenkov blames Turkey for failing the memorandum')
  for (const q of sochi.statements) {
    t.ok(sochi.mentions.some((m) => m.articleId === q.articleId && m.span.start >= q.span.start && m.span.end <= q.span.end), 'the statement contains a mention')
  }
  t.ok(sochi.events.length > 0)
})

t.test('entity detail counts mentions, statements and events', async (t) => {
  const app = await build(t)
  const peskov = json<EntityDetail>(await app.inject('/v1/entities/peskov'))
  t.match(peskov, { nameEn: 'Dmitry Peskov', type: 'person', affiliation: { id: 'kremlin' }, articleCount: 2 })
  t.equal(peskov.statementCount, json<QuotePage>(await app.inject('/v1/quotes?speaker=peskov')).total)
  const idlib = json<EntityDetail>(await app.inject('/v1/entities/idlib'))
  t.ok(idlib.location && idlib.location.lat > 35 && idlib.location.lat < 36.5)
  t.equal(idlib.eventCount, json<EventPage>(await app.inject('/v1/events?location=idlib')).total, 'events there or inside it')
})

t.test('timeline: events and statements in date order, with precision, around a date and for an entity', async (t) => {
  const app = await build(t)
  const page = json<TimelinePage>(await app.inject('/v1/timeline?from=2020-02-10&to=2020-02-13&limit=100'))
  t.ok(page.total > 10)
  const starts = page.items.map((i) => i.date.start)
  t.same(starts, [...starts].sort(), 'earliest first')
  for (const item of page.items) {
    t.ok(item.date.end >= '2020-02-10' && item.date.start <= '2020-02-13')
    t.ok(['day', 'week', 'month', 'year'].includes(item.date.precision))
    t.ok(item.kind === 'event' ? item.event && !item.quote : item.quote && !item.event)
  }
  t.ok(page.items.some((i) => i.kind === 'quote' && i.quote?.speaker?.id === 'peskov'))
  const erdogan = json<TimelinePage>(await app.inject('/v1/timeline?entity=Erdogan&limit=100'))
  t.ok(erdogan.items.filter((i) => i.kind === 'quote').length >= 3)
  t.ok(erdogan.items.every((i) => (i.kind === 'quote' ? i.quote?.speaker?.id === 'erdogan' : i.event?.actors.some((a) => a.id === 'erdogan'))))
  const bad = await app.inject('/v1/timeline?from=2020-03-01&to=2020-02-01')
  t.equal(bad.statusCode, 400)
})

t.test('search finds entities, agreements, statements and articles in Arabic and English', async (t) => {
  const app = await build(t)
  const search = async (q: string, limit = 100, cursor: string | null = null) =>
    json<SearchPage>(await app.inject(`/v1/search?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`))
  const expected: [string, string][] = [['Erdogan', 'erdogan'], ['إردوغان', 'erdogan'], ['اردوغان', 'erdogan'], ['Idlib', 'idlib'], ['Sochi', 'sochi'], ['M4', 'm4-highway']]
  for (const [q, id] of expected) {
    const hits = await search(q)
    t.equal(hits.items[0]?.kind, 'entity', `${q}: entities first`)
    t.ok(hits.items.some((h) => h.kind === 'entity' && h.id === id), `${q} → ${id}`)
    t.ok(hits.items.some((h) => h.kind === 'article'), `${q}: articles too`)
  }
  const sochi = await search('Sochi')
  t.ok(sochi.items.some((h) => h.kind === 'agreement' && h.id === 'sochi-2018'))
  t.ok(sochi.items.some((h) => h.kind === 'quote'), 'statements that mention سوتشي')
  const english = await search('Erdogan')
  t.ok(english.items.filter((h) => h.kind === 'article').length >= 3, 'English names find Arabic articles')
  const all = await search('Idlib')
  const paged: string[] = []
  let cursor: string | null = null
  do {
    const page: SearchPage = await search('Idlib', 7, cursor)
    paged.push(...page.items.map((h) => `${h.kind}:${h.id}`))
    cursor = page.nextCursor
  } while (cursor)
  t.equal(paged.length, all.total, 'paging reaches every hit')
  t.same(paged.slice(0, all.items.length), all.items.map((h) => `${h.kind}:${h.id}`), 'pages follow the same order')
  t.same(json(await app.inject('/v1/search?q=%22%20*')), { items: [], nextCursor: null, total: 0 }, 'words without letters are plain words: they match nothing')
  t.equal((await app.inject('/v1/search?q=%20')).statusCode, 400, 'a blank q is not a query')
  t.equal((await app.inject('/v1/search')).statusCode, 400)
})

t.test('the same statement reported by two articles is grouped, and both are kept', async (t) => {
  const app = await build(t)
  const kremlin = json<QuotePage>(await app.inject('/v1/quotes?speaker=kremlin&limit=100')).items
  const in000 = kremlin.find((q) => q.articleId === '000_b4eebee602e972a1' && q.text.includes('لا تلتزم بالاتفاقيات'))
  const in001 = kremlin.find((q) => q.articleId === '001_d988bde6b7a87097' && q.text.includes('لم تفِ بتعهدها'))
  t.ok(in000 && in001, 'the Kremlin accusation is quoted in 000 and in 001')
  t.same(in000?.alsoReportedIn.map((r) => [r.quoteId, r.articleId]), [[in001?.id, in001?.articleId]])
  t.same(in001?.alsoReportedIn.map((r) => r.quoteId), [in000?.id])
  const other = kremlin.find((q) => q.text.includes('الهجمات على قوات النظام'))
  t.same(other?.alsoReportedIn, [], 'a different statement by the same speaker is not grouped')
  const detail = json<QuotePage['items'][number]>(await app.inject(`/v1/quotes/${in000?.id}`))
  t.equal(detail.alsoReportedIn.length, 1)
})

t.test('a date range that ends before it starts is a 400 on every list that takes one', async (t) => {
  const app = await build(t)
  for (const path of ['/v1/articles', '/v1/quotes', '/v1/events', '/v1/timeline']) {
    const res = await app.inject(`${path}?from=2020-03-01&to=2020-02-01`)
    t.equal(res.statusCode, 400, path)
    t.match(json<Problem>(res), { title: 'Invalid date range', errors: [{ name: 'from' }] })
  }
})
