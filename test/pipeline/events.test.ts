import t from 'tap'
import { extractDocument, eventClusterKey } from '../../src/pipeline/index.js'
import { doc, kb } from './helpers.js'

const run = (body: string, pub = '2020-02-12T00:00:00+03:00') => extractDocument(doc(body, pub), kb())

t.test('fatalities with number words and qualifiers', async (t) => {
  const a = run('جاء ذلك بعد مقتل أكثر من عشرة جنود أتراك في قصف نفذته قوات النظام في محافظة إدلب.')
  const ev = a.events.find((e) => e.type === 'attack')
  t.equal(ev?.fatalities, 10)
  t.equal(ev?.fatalitiesQualifier, 'at_least')
  t.ok(ev?.locationIds.includes('idlib'))
  t.ok(ev?.actorIds.includes('syrian-government-forces'))
  const b = run('وتدخل الجيش التركي الذي خسر 13 جندياً في قصف سوري خلال الأيام الماضية.')
  const ev2 = b.events.find((e) => e.type === 'attack')
  t.equal(ev2?.fatalities, 13)
  t.equal(ev2?.fatalitiesQualifier, 'exact')
  t.ok(ev2?.actorIds.includes('syrian-government-forces'), 'قصف سوري names the forces')
})

t.test('status, dates, villages and evidence', async (t) => {
  const a = run('وأضافت الوزارة أن الجانبين "سيسيران أول دورية مشتركة على طريق "إم-4" يوم 15 آذار/مارس الجاري".', '2020-03-14T00:00:00+03:00')
  const p = a.events.find((e) => e.type === 'patrol')
  t.equal(p?.status, 'planned')
  t.equal(p?.date?.start, '2020-03-15')
  t.ok(p?.locationIds.includes('m4-highway'))
  const b = run('فيما قصفت قوات النظام بالمدفعية الثقيلة بلدة بليون في جبل الزاوية بريف إدلب الجنوبي، مساء الجمعة.', '2020-09-19T00:00:00+03:00')
  const at = b.events.find((e) => e.type === 'attack')
  t.ok(at?.locationIds.includes('balyun'))
  t.equal(at?.date?.start, '2020-09-18')
  t.equal(at?.text, b.events[0] ? at?.text : '')
  t.ok(b.entities.some((e) => e.id === 'balyun' && e.partOf === 'jabal-al-zawiya'))
  t.ok(b.entities.some((e) => e.id === 'jabal-al-zawiya'), 'partOf targets are materialised')
})

t.test('negated, demanded and anaphoric triggers are not events', async (t) => {
  t.equal(run('إذا لم تنسحب القوات السورية من إدلب.').events.length, 0)
  t.equal(run('وجاء هذا التهديد بعد يوم من الاجتماع.').events.filter((e) => e.type === 'threat').length, 0)
})

t.test('cluster key is deterministic and undated events do not merge across texts', async (t) => {
  const a = run('فيما قصفت قوات النظام بلدة بليون في إدلب.', null as unknown as string)
  const ev = a.events[0]
  t.ok(ev)
  if (ev) {
    t.equal(eventClusterKey(ev), eventClusterKey({ ...ev }))
    t.not(eventClusterKey(ev), eventClusterKey({ ...ev, text: 'نص آخر' }))
  }
})
