import t from 'tap'
import { attack, idlib, putin, quote, SAID, sochi, sochiMention, storeWith } from './helpers.js'

t.test("writing an article's annotations again replaces them", async (t) => {
  const { store, write, finish, db } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)], events: [attack('2020-02-09')], agreements: [sochi], agreementMentions: [sochiMention(0)] })
  write('a1', '2020-02-10T09:00:00Z', { events: [attack('2020-02-08')] })
  finish()
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  t.equal(count('quotes'), 0)
  t.equal(count('agreement_mentions'), 0)
  t.same(store.events.list({ limit: 10 }).items.map((e) => e.date?.start), ['2020-02-08'])
})

t.test('one id per quote and per event', async (t) => {
  const { store } = storeWith(t)
  const ann = { entities: [], mentions: [], quotes: [quote(SAID, null)], events: [], agreements: [], agreementMentions: [] }
  t.throws(() => store.annotations.write(1, ann, { quotes: [], events: [] }), /one id per quote and per event/)
})

t.test('entities: a new record for an id updates it (role and affiliation kept when the new one has none)', async (t) => {
  const { store, write } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', {})
  write('a2', '2020-02-11T09:00:00Z', { entities: [{ ...putin, role: null, aliases: ['بوتين', 'القيصر'] }, idlib] })
  const entity = store.entities.get('putin')
  t.equal(entity?.role, 'الرئيس الروسي', 'a missing role does not erase the known one')
  t.same(entity?.aliases, ['بوتين', 'القيصر'])
  t.same(store.entities.resolveIds('القيصر'), ['putin'], 'the new alias is a name to find it by')
})

t.test('pruning drops agreements and entities nothing refers to any more, and they can come back', async (t) => {
  const { store, write, finish } = storeWith(t)
  const lavrov = { ...putin, id: 'lavrov', name: 'سيرغي لافروف', nameEn: 'Sergey Lavrov', aliases: ['لافروف'] }
  write('a1', '2020-02-10T09:00:00Z', {
    entities: [putin, idlib, lavrov],
    mentions: [{ entityId: 'lavrov', span: { start: 0, end: 6 }, text: 'لافروف', ruleId: 'kb.entry' }],
    agreements: [sochi],
    agreementMentions: [sochiMention(10)]
  })
  finish()
  t.ok(store.entities.get('lavrov'))
  t.ok(store.entities.get('putin'), 'a party to an agreement is kept')
  t.equal(store.entities.get('idlib'), null, 'an entity only written, never mentioned, quoted or named, is dropped')
  store.articles.removeExcept(new Set())
  finish()
  t.equal(store.entities.get('lavrov'), null)
  t.equal(store.agreements.get('sochi-2018'), null)
  // pruning forgot what was written: the same records are written again
  write('a2', '2020-02-11T09:00:00Z', { quotes: [quote(SAID, null)], agreements: [sochi], agreementMentions: [sochiMention(10)] })
  t.ok(store.entities.get('idlib'), 'written again: pruning forgot what had been written')
  finish()
  t.ok(store.entities.get('putin'), 'the speaker is back')
  t.ok(store.agreements.get('sochi-2018'))
})

t.test('entity mentions are written as given, in order, however many an article has (several rows a statement)', async (t) => {
  const { db, write } = storeWith(t)
  const rows = (article: string) =>
    db
      .prepare('SELECT entity_id, start, "end", text, rule_id FROM entity_mentions WHERE article_rowid = (SELECT rowid FROM articles WHERE id = ?) ORDER BY rowid')
      .all(article)
  for (const n of [1, 15, 16, 17, 40]) {
    const mentions = Array.from({ length: n }, (_, i) => ({ entityId: i % 2 ? 'putin' : 'idlib', span: { start: i * 10, end: i * 10 + 5 }, text: `م${i}`, ruleId: `r${i % 3}` }))
    write(`m${n}`, '2020-02-10T09:00:00Z', { mentions })
    t.same(
      rows(`m${n}`),
      mentions.map((m) => ({ entity_id: m.entityId, start: m.span.start, end: m.span.end, text: m.text, rule_id: m.ruleId })),
      `${n} mentions`
    )
  }
})
