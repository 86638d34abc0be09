import t from 'tap'
import { normaliseText, normaliseKey, toBodySpan } from '../../src/pipeline/normalise.js'
import { segment } from '../../src/pipeline/segment.js'

t.test('folds Arabic spelling variants, digits and marks', async (t) => {
  t.equal(normaliseKey('إردوغان'), normaliseKey('أردوغان'))
  t.equal(normaliseKey('حماة'), 'حماه')
  t.equal(normaliseKey('مستشفى'), 'مستشفي')
  t.equal(normaliseKey('کابل ی'), 'كابل ي')
  t.equal(normaliseKey('٢٠٢٠ ۱۵'), '2020 15')
  t.equal(normaliseKey('قـــال'), 'قال')
  t.equal(normaliseKey('جنديًّا'), 'جنديا')
})

t.test('offset map round-trips to the body', async (t) => {
  const body = 'قالَ الرئيسُ إردوغان: "نعم"'
  const n = normaliseText(body)
  const i = n.text.indexOf('اردوغان')
  const span = toBodySpan(n, i, i + 'اردوغان'.length)
  t.equal(body.slice(span.start, span.end), 'إردوغان')
  const surrogate = 'a😀ب'
  const m = normaliseText(surrogate)
  const j = m.text.indexOf('ب')
  t.equal(surrogate.slice(toBodySpan(m, j, j + 1).start), 'ب')
})

t.test('segments scraped joins and missing spaces after full stops', async (t) => {
  const s = segment(normaliseText('غير مقبولة مع أنقرة., إلى ذلك، قال المنطقة.كما أعلن 3.5 مليون'))
  t.equal(s.sentences.length, 3)
  const toks = s.tokens.map((x) => x.text)
  t.ok(toks.includes('كما'))
  t.ok(toks.includes('3') && toks.includes('5'))
  const m = segment(normaliseText('طريق "إم-4" و m5'))
  t.same(m.tokens.map((x) => x.text), ['طريق', 'ام', '4', 'و', 'm', '5'])
})
