import t from 'tap'
import { extractDocument, loadKnowledgeBase } from '../../src/pipeline/index.js'
import { KB_DIR, kb } from './helpers.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const hostile = [
  '', ' ', '"', '""""""', '“”«»„', '"'.repeat(5000), 'قال', 'قال إن', 'وأضاف:', 'ال5 من', '٥ آذار/', 'پاکستان پوائنٹ نیوز ۱۴ مارس ۲۰۲۰ء',
  'Latin text only, said that "something" happened on 5 March.', '\u0000\uFFFF\uD800', 'اتفاق', 'مقتل أكثر من', '«'.repeat(100) + 'قال إن',
  'قال إن '.repeat(20000), 'ب'.repeat(200000)
]

t.test('no stage fails, whatever the body', async (t) => {
  for (const body of hostile) {
    for (const publishedAt of ['2020-02-12T00:00:00+03:00', null, 'garbage', '2020-02-31T00:00:00Z']) {
      const a = extractDocument({ id: 'x', title: '', body, publishedAt }, kb())
      t.same(a.failures, [], `${body.slice(0, 20)} / ${publishedAt}`)
      t.ok(Array.isArray(a.quotes))
      for (const q of a.quotes) t.equal(q.text, body.slice(q.span.start, q.span.end))
    }
  }
  const bad = extractDocument(null as unknown as Parameters<typeof extractDocument>[0], kb())
  t.same(bad.quotes, [])
  t.same(bad.failures, [])
})

t.test('a stage that throws is named, and only what needs its output is lost', async (t) => {
  const body = 'وقال المتحدث باسم الكرملين، ديمتري بيسكوف، إن موسكو ملتزمة بالاتفاق. وقصفت قوات النظام بلدة بليون في إدلب.'
  const breaking = (field: string) =>
    new Proxy(kb(), {
      get(target, prop, receiver) {
        if (prop === field) throw new Error(`${field} is broken`)
        return Reflect.get(target, prop, receiver) as unknown
      }
    })
  const noEvents = extractDocument({ id: 'e', title: '', body, publishedAt: '2020-02-12T00:00:00+03:00' }, breaking('eventTrie'))
  t.same(noEvents.failures, [{ stage: 'events', error: 'eventTrie is broken' }])
  t.same(noEvents.events, [])
  t.equal(noEvents.quotes[0]?.speakerId, 'peskov', 'the statements are kept')
  const noSpeakers = extractDocument({ id: 's', title: '', body, publishedAt: '2020-02-12T00:00:00+03:00' }, breaking('speakerSieves'))
  t.same(noSpeakers.failures.map((f) => f.stage), ['speakers'])
  t.equal(noSpeakers.quotes.length, 1, 'the statement is kept')
  t.equal(noSpeakers.quotes[0]?.speakerId, null, 'without a speaker')
})

t.test('a body over the limit is read up to it', async (t) => {
  const para = 'وقال المتحدث باسم الكرملين، ديمتري بيسكوف، إن موسكو ملتزمة بالاتفاق. وقصفت قوات النظام بلدة بليون في إدلب. '
  const body = para.repeat(Math.ceil(1_000_000 / para.length))
  const a = extractDocument({ id: 'big', title: '', body, publishedAt: '2020-02-12T00:00:00+03:00' }, kb())
  t.same(a.failures, [])
  t.ok(a.quotes.length > 100)
  t.ok(a.quotes.every((q) => q.span.end <= 400_000), 'nothing past the limit')
})

t.test('every referenced entity is listed', async (t) => {
  const a = extractDocument({ id: 'r', title: '', body: 'وقالت المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا إن تركيا تماطل. وقصفت قوات النظام بلدة بليون.', publishedAt: '2020-09-19T00:00:00+03:00' }, kb())
  const ids = new Set(a.entities.map((e) => e.id))
  for (const e of a.entities) for (const r of [e.affiliation, e.partOf]) if (r) t.ok(ids.has(r), r)
  for (const q of a.quotes) if (q.speakerId) t.ok(ids.has(q.speakerId))
  for (const ev of a.events) for (const id of [...ev.actorIds, ...ev.locationIds]) t.ok(ids.has(id))
  for (const m of a.mentions) t.ok(ids.has(m.entityId))
})

t.test('malformed knowledge base is a clear error', async (t) => {
  t.ok(loadKnowledgeBase(KB_DIR))
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-'))
  writeFileSync(path.join(dir, 'x.json'), '{"kind":"entities","entries":[{"id":"a","type":"alien","name":"x"}]}')
  t.throws(() => loadKnowledgeBase(dir), /unknown type/)
  writeFileSync(path.join(dir, 'x.json'), '{nope')
  t.throws(() => loadKnowledgeBase(dir), /not valid JSON/)
})
