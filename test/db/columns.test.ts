import t from 'tap'
import { EventTypeSchema } from '../../schemas/annotations.js'
import { dateColumns, epochDay, eventTypeCode, parseList, quoteFtsKey, quoteKeyDayStart, recencyDay, toDate } from '../../src/db/columns.js'

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

t.test('a quote\u2019s full-text key orders as its article\u2019s recency key, then its rowid', async (t) => {
  const keys = ['', '-000001-12-31T23:00:00.000Z', '+010000-01-01T04:00:00.000Z', '1970-01-01T00:00:00.000Z', '2020-02-28T23:59:59.999Z', '2020-02-31T00:00:00.000Z', '2020-03-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z']
  const sorted = [...keys].sort()
  const days = sorted.map(recencyDay)
  t.same([...days].sort((a, b) => a - b), days, 'the days order as the keys do (as text)')
  t.ok(recencyDay('2020-02-31T00:00:00.000Z') > recencyDay('2020-02-28T23:59:59.999Z') && recencyDay('2020-02-31T00:00:00.000Z') < recencyDay('2020-03-01T00:00:00.000Z'))
  t.equal(recencyDay(''), -1, 'no date: below every date')
  const k = (sortKey: string, rowid: number) => quoteFtsKey(sortKey, rowid)
  t.ok(k('2020-03-01T00:00:00.000Z', 1) > k('2020-02-28T23:00:00.000Z', 2 ** 31 - 1), 'a later day first, whatever the rowids')
  t.ok(k('2020-02-28T23:00:00.000Z', 5) > k('2020-02-28T01:00:00.000Z', 4), 'on one day, by rowid')
  t.ok(Number.isSafeInteger(k('9999-12-31T00:00:00.000Z', 2 ** 31 - 1)) && Number.isSafeInteger(k('', 2 ** 31 - 1)))
  t.equal(quoteKeyDayStart(k('2020-02-28T23:00:00.000Z', 12345)), k('2020-02-28T00:00:00.000Z', 0), 'the day\u2019s least key')
  t.equal(quoteKeyDayStart(k('', 7)), k('', 0), 'also below zero')
  t.throws(() => k('2020-01-01', 2 ** 31), RangeError, 'a rowid past 31 bits has no key')
})
