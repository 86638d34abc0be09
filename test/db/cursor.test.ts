import t from 'tap'
import { decodeCursor, encodeCursor } from '../../src/db/cursor.js'

t.test('a cursor decodes to the key it encodes', async (t) => {
  const cursor = encodeCursor(['2020-02-10T09:00:00.000Z', 'إدلب', 3])
  t.match(cursor, /^[A-Za-z0-9_-]+$/, 'base64url: safe in a query string')
  t.same(decodeCursor(cursor, ['string', 'string', 'number']), ['2020-02-10T09:00:00.000Z', 'إدلب', 3])
})

t.test('anything else is a 400 naming the cursor, never a 500', async (t) => {
  for (const bad of ['', 'not base64 !', encodeCursor(['a']), encodeCursor([1, 2]), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[').toString('base64url')]) {
    t.throws(() => decodeCursor(bad, ['string', 'number']), { code: 'badCursor', status: 400, errors: [{ name: 'cursor' }] }, JSON.stringify(bad))
  }
})
