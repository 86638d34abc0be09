import t from 'tap'
import { EventTypeSchema } from '../../schemas/annotations.js'
import { dateColumns, epochDay, eventTypeCode, parseList, toDate } from '../../src/db/columns.js'

t.test('a date is stored in four columns and read back the same', async (t) => {
  const date = { start: '2020-02-09', end: '2020-02-15', precision: 'week' as const, text: 'الأسبوع الماضي' }
  const stored = dateColumns(date)
  t.same(stored, { dateStart: '2020-02-09', dateEnd: '2020-02-15', datePrecision: 'week', dateText: 'الأسبوع الماضي' })
  t.same(toDate({ date_start: stored.dateStart, date_end: stored.dateEnd, date_precision: stored.datePrecision, date_text: stored.dateText }), date)
  t.same(dateColumns(null), { dateStart: null, dateEnd: null, datePrecision: null, dateText: null })
  t.equal(toDate({ date_start: '2020-02-09', date_end: null, date_precision: 'day', date_text: null }), null, 'incomplete: no date')
  t.same(toDate({ date_start: '2020-02-09', date_end: '2020-02-09', date_precision: 'day', date_text: null })?.text, '')
})

t.test('days since 1970, as the R-tree stores them; lists as JSON', async (t) => {
  t.equal(epochDay('1970-01-01'), 0)
  t.equal(epochDay('2020-02-10'), 18302)
  t.ok(Number.isNaN(epochDay('not-a-date')))
  t.same(parseList('["a","b"]'), ['a', 'b'])
})

t.test('an event type as an R-tree coordinate: a 32-bit integer from its name alone, one per type', async (t) => {
  const types = EventTypeSchema.enum as string[]
  const codes = types.map(eventTypeCode)
  t.equal(new Set(codes).size, types.length, 'no two types share a code')
  t.ok(codes.every((c) => Number.isInteger(c) && c >= -(2 ** 31) && c < 2 ** 31), 'within the R-tree\u2019s 32-bit integers')
  t.equal(eventTypeCode(types[0]!), codes[0], 'the same name, the same code')
  t.equal(eventTypeCode('a'), -468965076, 'FNV-1a of the name')
})
