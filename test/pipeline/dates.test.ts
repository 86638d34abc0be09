import t from 'tap'
import { extractDocument } from '../../src/pipeline/index.js'
import { resolveWeekday, relativeValue, yearForMonth } from '../../src/pipeline/dates.js'
import { buildContext } from '../../src/pipeline/context.js'
import { findDates } from '../../src/pipeline/dates.js'
import { doc, kb } from './helpers.js'

const datesOf = (body: string, pub = '2020-02-12T00:00:00+03:00') => findDates(buildContext(doc(body, pub), kb())).map((d) => d.value)

t.test('weekdays resolve against the local publication date', async (t) => {
  t.equal(resolveWeekday('2020-02-12', 3, 'onOrBefore'), '2020-02-12')
  t.equal(resolveWeekday('2020-02-12', 3, 'before'), '2020-02-05')
  t.equal(resolveWeekday('2020-09-19', 5, 'onOrBefore'), '2020-09-18')
  const [wed] = datesOf('أكد الكرملين، الأربعاء، أن')
  t.equal(wed?.start, '2020-02-12')
  const [last] = datesOf('أعلنت الوزارة الأربعاء الماضي عن', '2020-09-19T10:00:00+03:00')
  t.equal(last?.start, '2020-09-16')
})

t.test('relative expressions', async (t) => {
  t.same(relativeValue('2020-03-14', 'week', -1, ''), { start: '2020-03-07', end: '2020-03-13', precision: 'week', text: '' })
  const [y] = datesOf('وصلت أمس تعزيزات')
  t.equal(y?.start, '2020-02-11')
  const [lm] = datesOf('الاتفاق الذي تم إبرامه الشهر الماضي', '2020-04-10T00:00:00+03:00')
  t.same([lm?.start, lm?.end, lm?.precision], ['2020-03-01', '2020-03-31', 'month'])
})

t.test('explicit dates in both month systems, ranges and month without year', async (t) => {
  t.equal(datesOf('يوم 17 سبتمبر 2018')[0]?.start, '2018-09-17')
  t.equal(datesOf('في 5 آذار/مارس الجاري', '2020-03-14T00:00:00+03:00')[0]?.start, '2020-03-05')
  t.equal(datesOf('المبرمة في ال5 من آذار هذا العام', '2020-09-19T00:00:00+03:00')[0]?.start, '2020-03-05')
  const r = datesOf('استضافتها تركيا في 15 و16 أيلول/ سبتمبر.', '2020-09-19T00:00:00+03:00')[0]
  t.same([r?.start, r?.end], ['2020-09-15', '2020-09-16'])
  const dec = datesOf('يذكر أنه في كانون الأول/ديسمبر، بدأت', '2020-02-13T00:00:00+03:00')[0]
  t.same([dec?.start, dec?.precision], ['2019-12-01', 'month'])
  t.equal(yearForMonth('2020-02-18', 10, null), 2019)
  t.equal(datesOf('المبرم عام 2018')[0]?.precision, 'year')
})

t.test('seasons resolve to their months; a weekday after a future verb is the coming one', async (t) => {
  const pub = '2015-03-10T00:00:00+03:00'
  const [past] = datesOf('زار الوزير دمشق الصيف الماضي', pub)
  t.same([past?.start, past?.end, past?.precision], ['2014-06-01', '2014-08-31', 'month'])
  const [winter] = datesOf('خلال الشتاء الماضي', pub)
  t.same([winter?.start, winter?.end], ['2014-12-01', '2015-02-28'], 'winter runs over the new year')
  const [running] = datesOf('خلال الشتاء الماضي', '2015-02-10T00:00:00+03:00')
  t.same([running?.start, running?.end], ['2013-12-01', '2014-02-28'], 'the winter still running at publication is not the last one')
  const [next] = datesOf('في الربيع المقبل', pub)
  t.equal(next?.start, '2016-03-01', 'spring has begun, so the next one is a year on')
  const [year] = datesOf('منذ صيف 2012', pub)
  t.same([year?.start, year?.end], ['2012-06-01', '2012-08-31'])
  t.same(datesOf('يحل الصيف حارا', pub), [], 'a bare season is not a date')
  // 2015-03-10 is a Tuesday
  t.equal(datesOf('سيعقد الاجتماع الجمعة في جنيف', pub)[0]?.start, '2015-03-13')
  t.equal(datesOf('من المقرر أن يصل الجمعة', pub)[0]?.start, '2015-03-13')
  t.equal(datesOf('وسيستمر الإضراب الثلاثاء', pub)[0]?.start, '2015-03-10', 'the publication day itself when it is that weekday')
  t.equal(datesOf('أعلن المستشار سيباستيان كورتس الجمعة', pub)[0]?.start, '2015-03-06', 'a given name is not a future verb')
  t.equal(datesOf('عقد الاجتماع الجمعة في جنيف', pub)[0]?.start, '2015-03-06')
  t.equal(datesOf('سيطرت القوات الجمعة على البلدة', pub)[0]?.start, '2015-03-06', 'سيطرت only looks like a future verb')
})

t.test('null publication date leaves dates unresolved', async (t) => {
  const ann = extractDocument(doc('وقال المرصد السوري، الأربعاء، إن قوات النظام قصفت بلدة في إدلب', null), kb())
  t.ok(ann.quotes.every((q) => q.date === null))
  t.ok(ann.events.every((e) => e.date === null))
})
