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
  const a = extractDocument(doc('وقال إن اتفاق حمص يجب أن ينفذ.', '2020-02-12T00:00:00+03:00'), kb())
  t.equal(a.agreements.length, 1)
  t.equal(a.agreements[0]?.source, 'discovered')
  t.match(a.agreements[0]?.id, /^agreement:/)
  t.ok(a.entities.some((e) => e.id === a.agreements[0]?.placeId))
})

t.test('an accord named by its parties is theirs on the article\'s subject, signed before it', async (t) => {
  const pub = '2020-02-20T00:00:00+03:00'
  t.same(ids('تشهد إدلب تصعيدا. وقال إن الاتفاق بين موسكو وأنقرة لم يعد قائما.', pub), ['sochi-2018'], 'Idlib is the Sochi memorandum’s subject')
  t.same(ids('تشهد منطقة شرق الفرات توترا. واتهمت أنقرة روسيا بخرق الاتفاق الموقع بين روسيا وتركيا.', pub), ['sochi-2019'], 'else the latest')
  t.same(ids('وقال إن الاتفاق بين موسكو وأنقرة لم يعد قائما.', '2015-07-20T00:00:00+03:00'), [], 'none of theirs signed yet')
  t.same(ids('وقال إن الاتفاق بين تركيا والعراق قائم.', pub), [], 'no accord of those parties')
})

t.test('a date after a generic accord noun is its signing date only with a word of signing, or a full day right after', async (t) => {
  t.same(ids('وقال إن الاتفاقات الثنائية التي توصل إليها الرئيسان الروسي والتركي في موسكو في 5 آذار/مارس الجاري صامدة.', '2020-03-14T00:00:00+03:00'), ['moscow-2020'])
  t.same(ids('وتحدث عن الاتفاقيات الاقتصادية والمشاريع المشتركة في 5 آذار/مارس الجاري.', '2020-03-14T00:00:00+03:00'), [], 'a date of something else')
})
