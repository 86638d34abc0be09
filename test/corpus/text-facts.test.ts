import fc from 'fast-check'
import t from 'tap'
import { articleFacts, detectLanguage, recencyKey, textCounts, wordCount } from '../../src/corpus/text-facts.js'
import { searchForm } from '../../src/search/fold.js'

t.test('article facts: search forms, language, words, local day and recency key', async (t) => {
  const article = { title: 'أردوغان في إدلب', body: 'قال الرئيس التركي إن قواته ستبقى.', publishedAt: '2020-02-12T00:30:00+03:00' }
  t.same(articleFacts(article), {
    titleForm: searchForm(article.title),
    bodyForm: searchForm(article.body),
    language: 'ar',
    wordCount: 6,
    publishedDate: '2020-02-12',
    sortKey: '2020-02-11T21:30:00.000Z'
  }, 'the local day as the outlet wrote it; the sort key in UTC')
})

t.test('the local day is a real calendar day or nothing, as the pipeline reads it', async (t) => {
  t.equal(articleFacts({ title: 't', body: 'b', publishedAt: '2020-02-29' }).publishedDate, '2020-02-29')
  t.equal(articleFacts({ title: 't', body: 'b', publishedAt: '2020-02-31T10:00:00Z' }).publishedDate, null)
  t.equal(articleFacts({ title: 't', body: 'b', publishedAt: null }).publishedDate, null)
})

t.test('language and word count', async (t) => {
  t.equal(detectLanguage('قال بوتين إن روسيا ستواصل'), 'ar')
  t.equal(detectLanguage('Putin said Russia would go on (روسيا)'), 'und')
  t.equal(detectLanguage('2020 - 12'), 'und', 'no letters')
  t.equal(wordCount('قال بوتين: 12 جندياً، في إدلب.'), 6)
  t.equal(wordCount(''), 0)
})

t.test('recencyKey orders by the UTC instant, whatever zone the machine is in', async (t) => {
  t.equal(recencyKey('2020-02-12'), '2020-02-12T00:00:00.000Z')
  t.equal(recencyKey('2020-02-12T10:00:00+03:00'), '2020-02-12T07:00:00.000Z')
  t.equal(recencyKey('2020-02-12T10:00:00+0300'), '2020-02-12T07:00:00.000Z')
  t.equal(recencyKey('2020-02-12T10:00:00Z'), '2020-02-12T10:00:00.000Z')
  // a local timestamp (no offset) counts as UTC: the same key on every machine
  t.equal(recencyKey('2015-08-04T18:17:24'), '2015-08-04T18:17:24.000Z')
  t.equal(recencyKey(null), '')
})

t.test('textCounts: letters, Arabic-script code points and words, as the regular expressions count them', async (t) => {
  const pieces = ['قال', 'إدلب', 'َ', 'ـ', '٢٠', '12', '،', 'ﻻ', 'ﷲ', 'Putin', 'é', '𝐀', '\ud800', ' ', '-', '(', '\n']
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''))
  fc.assert(
    fc.property(text, (s) => {
      const c = textCounts(s)
      return (
        c.letters === (s.match(/\p{L}/gu)?.length ?? 0) &&
        c.arabic === (s.match(/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/gu)?.length ?? 0) &&
        c.words === (s.match(/[\p{L}\p{N}]+/gu)?.length ?? 0)
      )
    }),
    { numRuns: 2000, seed: 13 }
  )
  t.same(textCounts('قال بوتين: 12 جندياً'), { letters: 13, arabic: 14, words: 4 }, 'the tanween is Arabic script, not a letter')
})
