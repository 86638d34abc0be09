import t from 'tap'
import { extractDocument } from '../../src/pipeline/index.js'
import { doc, kb } from './helpers.js'

const ids = (body: string, pub: string) => extractDocument(doc(body, pub), kb()).agreements.map((a) => a.id)

t.test('by name', async (t) => {
  t.same(ids('بغض النظر عن اتفاقية سوتشي، في حال إلحاق أذى بجنودنا', '2020-02-12T00:00:00+03:00'), ['sochi-2018'])
  t.same(ids('تنص عليها مذكرة سوتشي.', '2020-02-12T00:00:00+03:00'), ['sochi-2018'])
})

t.test('by date', async (t) => {
  t.same(ids('تنص عليها المذكرة الروسية التركية، التي تم إبرامها يوم 17 سبتمبر 2018.', '2020-02-13T00:00:00+03:00'), ['sochi-2018'])
  t.same(ids('التزاماتها المنصوص عليها في المذكرة الروسية التركية المبرمة في ال5 من آذار هذا العام.', '2020-09-19T00:00:00+03:00'), ['moscow-2020'])
})

t.test('by description resolved through a relative date', async (t) => {
  t.same(ids('وينص الاتفاق التركي الروسي الذي تم إبرامه الشهر الماضي على وقف إطلاق النار.', '2020-04-02T00:00:00+03:00'), ['moscow-2020'])
})

t.test('generic mentions are not linked; new named agreements are discovered', async (t) => {
  t.same(ids('أن تركيا لا تلتزم بالاتفاقيات التي أبرمتها مع روسيا.', '2020-02-12T00:00:00+03:00'), [])
  const a = extractDocument(doc('وقال إن اتفاق الرياض يجب أن ينفذ.', '2020-02-12T00:00:00+03:00'), kb())
  t.equal(a.agreements.length, 1)
  t.equal(a.agreements[0]?.source, 'discovered')
  t.match(a.agreements[0]?.id, /^agreement:/)
  t.ok(a.entities.some((e) => e.id === a.agreements[0]?.placeId))
})
