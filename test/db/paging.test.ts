import t from 'tap'
import { decodeCursor } from '../../src/db/cursor.js'
import { fewMatches, pageOf } from '../../src/db/paging.js'

t.test('a page of limit rows, with a cursor to the next when there is one more', async (t) => {
  const rows = [{ k: 'c', id: 3 }, { k: 'b', id: 2 }, { k: 'a', id: 1 }]
  const page = pageOf(rows, 2, (p) => p.map((r) => r.id), (r) => [r.k, r.id], 7)
  t.same(page.items, [3, 2])
  t.equal(page.total, 7)
  t.same(decodeCursor(page.nextCursor ?? '', ['string', 'number']), ['b', 2], 'the key of the last row shown')
  t.equal(pageOf(rows.slice(0, 2), 2, (p) => p, (r) => [r.id], 2).nextCursor, null, 'no more rows: no cursor')
})

t.test('few matches: cheaper from the matches when matches² ≤ page end × all', async (t) => {
  t.equal(fewMatches(6, 4, 60), true)
  t.equal(fewMatches(60, 2, 60), false)
  t.equal(fewMatches(0, 1, 0), true)
})
