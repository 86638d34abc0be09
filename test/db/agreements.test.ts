import t from 'tap'
import { attack, quote, SAID, sochi, sochiMention, storeWith } from './helpers.js'

t.test('agreements: latest signature first; lists carry at most 50 mentions and the count of all', async (t) => {
  const { store, write, finish } = storeWith(t)
  const astana = { ...sochi, id: 'astana-2017', name: 'اتفاق أستانا', nameEn: null, signedOn: '2017-05-04', aliases: [] }
  const undated = { ...sochi, id: 'new-deal', name: 'اتفاق جديد', nameEn: null, signedOn: null, aliases: [], source: 'discovered' as const }
  write('a1', '2020-02-10T09:00:00Z', { agreements: [sochi, astana, undated], agreementMentions: Array.from({ length: 30 }, (_, i) => sochiMention(i * 20)) })
  write('a2', '2020-02-11T09:00:00Z', { agreements: [sochi], agreementMentions: Array.from({ length: 30 }, (_, i) => sochiMention(i * 20)) })
  finish()
  const page = store.agreements.list({ limit: 10 })
  t.same(page.items.map((g) => g.id), ['sochi-2018'], 'an agreement nothing mentions is pruned at the end of the boot')
  const listed = page.items[0]
  t.equal(listed?.mentionCount, 60)
  t.equal(listed?.mentions.length, 50)
  t.same(listed?.parties.map((p) => p.id), ['putin'])
  t.equal(store.agreements.get('sochi-2018')?.mentions.length, 60, 'the detail has them all')
  const inA2 = store.agreements.list({ articleId: 'a2', limit: 10 }).items[0]
  t.equal(inA2?.mentions.length, 30, "with articleId: that article's mentions")
  t.ok(inA2?.mentions.every((m) => m.articleId === 'a2'))
  t.throws(() => store.agreements.list({ articleId: 'nope', limit: 10 }), { code: 'notFound' }, 'an unknown article is a 404')
  t.equal(store.agreements.get('nope'), null)
})

t.test('agreements by signature date, then id; paged by cursor', async (t) => {
  const { store, write, finish } = storeWith(t)
  const older = { ...sochi, id: 'astana-2017', name: 'اتفاق أستانا', signedOn: '2017-05-04', aliases: [] }
  const undated = { ...sochi, id: 'a-new-deal', name: 'اتفاق جديد', signedOn: null, aliases: [] }
  write('a1', '2020-02-10T09:00:00Z', {
    agreements: [older, sochi, undated],
    agreementMentions: [sochiMention(0), { ...sochiMention(40), agreementId: 'astana-2017' }, { ...sochiMention(80), agreementId: 'a-new-deal' }]
  })
  finish()
  t.same(store.agreements.list({ limit: 10 }).items.map((g) => g.id), ['sochi-2018', 'astana-2017', 'a-new-deal'], 'undated last')
  const first = store.agreements.list({ limit: 2 })
  t.equal(first.total, 3)
  t.same(store.agreements.list({ limit: 2, cursor: first.nextCursor ?? '' }).items.map((g) => g.id), ['a-new-deal'])
})

t.test('the detail: the statements that contain a mention, the events reported next to one', async (t) => {
  const { store, write, finish } = storeWith(t)
  const statement = { ...quote(SAID, null), span: { start: 0, end: 100 } }
  write('a1', '2020-02-10T09:00:00Z', {
    quotes: [statement, { ...quote('كلام آخر لا علاقة له', null), span: { start: 500, end: 520 } }],
    events: [attack('2020-02-09', 150), attack('2020-02-01', 900)],
    agreements: [sochi],
    agreementMentions: [sochiMention(20)]
  })
  finish()
  const detail = store.agreements.getDetail('sochi-2018')
  t.same(detail?.statements.map((q) => q.span.start), [0], 'the statement around the mention')
  t.same(detail?.events.map((e) => e.date?.start), ['2020-02-09'], 'within 200 characters of the mention')
  t.equal(store.agreements.getDetail('nope'), null)
})
