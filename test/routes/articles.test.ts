import t from 'tap'
import type { ArticlePage, Article } from '../../schemas/articles.js'
import type { Problem } from '../../schemas/problem.js'
import { build, json, tempDir } from '../helper.js'

const SEED_IDS = ['000_b4eebee602e972a1', '001_d988bde6b7a87097', '002_a28b00397c7848ac', '003_0789d3dc42499c10', '004_30cea961def05e77']

t.test('GET /v1/articles lists the seeds newest first', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v1/articles')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /application\/json/)
  const page = json<ArticlePage>(res)
  t.equal(page.total, 5)
  t.equal(page.nextCursor, null)
  t.same(page.items.map((a) => a.publishedAt), ['2020-09-19', '2020-03-14', '2020-02-18', '2020-02-13', '2020-02-12'])
  const first = page.items[0]
  t.equal(first?.id, '003_0789d3dc42499c10')
  t.equal(first?.source, 'hds-p.org')
  t.equal(first?.language, 'ar')
  t.ok((first?.wordCount ?? 0) > 300)
  t.ok((first?.excerpt.length ?? 0) <= 200)
  t.notOk('body' in (first ?? {}), 'list items carry no body')
})

t.test('cursor paging walks every article exactly once', async (t) => {
  const app = await build(t)
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const url: string = `/v1/articles?limit=2${cursor ? `&cursor=${cursor}` : ''}`
    const page: ArticlePage = json<ArticlePage>(await app.inject(url))
    t.equal(page.total, 5)
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map((a) => a.id))
    cursor = page.nextCursor
  } while (cursor)
  t.same([...seen].sort(), SEED_IDS)
})

t.test('filters: source, from/to, and their combination', async (t) => {
  const app = await build(t)
  const bySource = json<ArticlePage>(await app.inject('/v1/articles?source=hds-p.org'))
  t.same(bySource.items.map((a) => a.id), ['003_0789d3dc42499c10'])
  const feb = json<ArticlePage>(await app.inject('/v1/articles?from=2020-02-13&to=2020-02-18'))
  t.same(feb.items.map((a) => a.id), ['002_a28b00397c7848ac', '001_d988bde6b7a87097'])
  t.equal(feb.total, 2)
  const none = json<ArticlePage>(await app.inject('/v1/articles?from=2020-02-13&to=2020-02-18&source=hds-p.org'))
  t.equal(none.total, 0)
})

t.test('Arabic-aware search: hamza spellings find the same articles', async (t) => {
  const app = await build(t)
  const ids = async (q: string) => json<ArticlePage>(await app.inject(`/v1/articles?q=${encodeURIComponent(q)}`)).items.map((a) => a.id).sort()
  const withHamza = await ids('أردوغان')
  t.same(withHamza, ['000_b4eebee602e972a1', '002_a28b00397c7848ac', '004_30cea961def05e77'])
  t.same(await ids('إردوغان'), withHamza)
  t.same(await ids('اردوغان'), withHamza)
  t.same(await ids('ادلب'), await ids('إدلب'))
  t.same(await ids('مذكرة سوتشي'), ['001_d988bde6b7a87097'], 'every word must match')
  t.same(await ids('بيسكوف'), ['000_b4eebee602e972a1', '001_d988bde6b7a87097'])
})

t.test('search input is never FTS syntax and never a 500', async (t) => {
  const app = await build(t)
  for (const q of ['غزة-القدس', 'AND', 'OR إدلب', '"', 'إدلب"', 'NEAR(إدلب', '*', 'title:إدلب', '(', "'; DROP TABLE articles; --"]) {
    const res = await app.inject(`/v1/articles?q=${encodeURIComponent(q)}`)
    t.ok(res.statusCode === 200 || res.statusCode === 400, `${q} → ${res.statusCode}`)
    if (res.statusCode === 400) t.match(res.headers['content-type'], /application\/problem\+json/)
  }
  const near = json<ArticlePage>(await app.inject(`/v1/articles?q=${encodeURIComponent('إدلب"')}`))
  t.ok(near.total > 0, 'a stray quote is ignored, the word still matches')
  const beside = json<ArticlePage>(await app.inject(`/v1/articles?q=${encodeURIComponent('إدلب " *')}`))
  t.equal(beside.total, near.total, 'words without letters beside a word change nothing')
  for (const q of ['"', '" * (']) {
    const res = await app.inject(`/v1/articles?q=${encodeURIComponent(q)}`)
    t.equal(res.statusCode, 200, `${q}: plain words, as the README says`)
    t.same(json<ArticlePage>(res), { items: [], nextCursor: null, total: 0 }, `${q} occurs in no article`)
  }
  for (const list of ['/v1/quotes', '/v1/search']) {
    const res = await app.inject(`${list}?q=%22`)
    t.equal(res.statusCode, 200, `${list}?q=" is a plain word too`)
    t.equal(json<ArticlePage>(res).total, 0)
  }
  const blank = await app.inject('/v1/articles?q=%20%20')
  t.equal(blank.statusCode, 400, 'a blank q has no word at all')
  t.match(json<Problem>(blank).errors, [{ in: 'query', name: 'q' }])
})

t.test('unknown query parameters are ignored, as the contract says', async (t) => {
  const app = await build(t)
  const plain = json<ArticlePage>(await app.inject('/v1/articles?limit=2'))
  for (const extra of ['_=1700000000000', 'utm_source=newsletter&utm_medium=email', 'colour=red', 'limit2=9']) {
    const res = await app.inject(`/v1/articles?limit=2&${extra}`)
    t.equal(res.statusCode, 200, extra)
    t.same(json<ArticlePage>(res), plain, `${extra}: the same page`)
  }
  const invalid = await app.inject('/v1/articles?limit=500&_=1')
  t.equal(invalid.statusCode, 400, 'a declared parameter is still validated')
  t.same(json<Problem>(invalid).errors?.map((e) => e.name), ['limit'], 'the unknown one is not named')
})

t.test('bad list parameters are 400 problem+json naming each field', async (t) => {
  const app = await build(t)
  const cases: [string, string][] = [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['cursor=!!!', 'cursor'],
    ['cursor=bm90LWpzb24', 'cursor'],
    ['from=2020-02-30x', 'from'],
    ['to=yesterday', 'to'],
    ['from=2020-03-01&to=2020-02-01', 'from'],
    [`q=${encodeURIComponent('ا'.repeat(501))}`, 'q']
  ]
  for (const [query, field] of cases) {
    const res = await app.inject(`/v1/articles?${query}`)
    t.equal(res.statusCode, 400, query)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    const problem = json<Problem>(res)
    t.match(problem, { status: 400, type: /problems\//, title: String, detail: String, instance: `/v1/articles?${query}` })
    t.ok(problem.errors?.some((e) => e.name === field), `${query} names ${field}`)
  }
})

t.test('GET /v1/articles/{id}', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v1/articles/004_30cea961def05e77')
  t.equal(res.statusCode, 200)
  const article = json<Article>(res)
  t.match(article, { id: '004_30cea961def05e77', publishedAt: '2020-03-14', language: 'ar', url: null })
  t.match(article.body, /^\(پاکستان پوائنٹ نیوز \/ سبوتنيك - 14 مارس 2020ء\) قالت وزارة الدفاع الروسية/)
  t.equal(article.title, 'روسيا تؤكد أن المباحثات مع تركيا حول إدلب كانت بناءة وتسمح بتنفيذ جميع التفاهمات')

  const cleaned = json<Article>(await app.inject('/v1/articles/002_a28b00397c7848ac'))
  t.match(cleaned.body, /^صرحت تركيا، مساء اليوم الثلاثاء/, 'section label and photo captions dropped')
  const joined = json<Article>(await app.inject('/v1/articles/000_b4eebee602e972a1'))
  t.notMatch(joined.body, /\.,|\u00a0/, 'no scraping artefacts left')
  t.match(joined.body, /المنطقة\. كما قال/)

  const missing = await app.inject('/v1/articles/nope')
  t.equal(missing.statusCode, 404)
  t.match(json<Problem>(missing), { status: 404, title: 'Not found', detail: /nope/ })
  const tooLong = await app.inject(`/v1/articles/${'x'.repeat(300)}`)
  t.equal(tooLong.statusCode, 400)
})

t.test('request ids: honoured when sane, generated otherwise, echoed and in problems', async (t) => {
  const app = await build(t)
  const given = await app.inject({ url: '/v1/articles/nope', headers: { 'x-request-id': 'abc-123' } })
  t.equal(given.headers['x-request-id'], 'abc-123')
  t.equal(json<Problem>(given).requestId, 'abc-123')
  const hostile = await app.inject({ url: '/v1/articles', headers: { 'x-request-id': 'bad id\u202e<script>' } })
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('unknown routes are 404 problem+json', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v2/nothing')
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  t.match(json<Problem>(res), { title: 'No such route' })
})

t.test('jsonl corpus with a skipped line is served, and the skip is reported', async (t) => {
  const dir = tempDir(t, {
    'c.jsonl': [
      JSON.stringify({ id: 'n1', title: 'خبر أول', body: 'قال الرئيس إن الوضع مستقر.', publishedAt: '2018-05-01T10:00:00+03:00', source: 'Al Arabiya' }),
      '{ broken'
    ].join('\n')
  })
  const app = await build(t, { CORPUS_DIR: dir })
  const page = json<ArticlePage>(await app.inject('/v1/articles'))
  t.same(page.items.map((a) => a.id), ['n1'])
  t.equal(page.items[0]?.publishedAt, '2018-05-01T10:00:00+03:00', 'offset kept as given')
  const ready = json<{ boot: { skippedTotal: number; skipped: { line: number }[] } }>(await app.inject('/health/ready'))
  t.equal(ready.boot.skippedTotal, 1)
  t.equal(ready.boot.skipped[0]?.line, 2)
})

t.test('an article without metadata takes source and date from its dateline, with either month name', async (t) => {
  const dir = tempDir(t, {
    'dl.txt': 'عنوان\n(پاکستان پوائنٹ نیوز / سبوتنيك - 14 مارس 2020ء) قالت وزارة الدفاع الروسية إن المفاوضات كانت بناءة.',
    'lv.txt': 'عنوان آخر\n(وكالة الأنباء - 5 آذار 2020) أعلنت الحكومة عن اتفاق.'
  })
  const app = await build(t, { CORPUS_DIR: dir })
  t.match(json<Article>(await app.inject('/v1/articles/dl')), { publishedAt: '2020-03-14', source: 'پاکستان پوائنٹ نیوز / سبوتنيك' })
  t.match(json<Article>(await app.inject('/v1/articles/lv')), { publishedAt: '2020-03-05', source: 'وكالة الأنباء' })
})
