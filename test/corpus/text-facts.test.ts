import t from 'tap'
import { recencyKey } from '../../src/corpus/text-facts.js'

t.test('recencyKey orders by the UTC instant, whatever zone the machine is in', async (t) => {
  t.equal(recencyKey('2020-02-12'), '2020-02-12T00:00:00.000Z')
  t.equal(recencyKey('2020-02-12T10:00:00+03:00'), '2020-02-12T07:00:00.000Z')
  t.equal(recencyKey('2020-02-12T10:00:00+0300'), '2020-02-12T07:00:00.000Z')
  t.equal(recencyKey('2020-02-12T10:00:00Z'), '2020-02-12T10:00:00.000Z')
  // a local timestamp (no offset) counts as UTC: the same key on every machine
  t.equal(recencyKey('2015-08-04T18:17:24'), '2015-08-04T18:17:24.000Z')
  t.equal(recencyKey(null), '')
})
