import fc from 'fast-check'
import t from 'tap'
import { foldLetters } from '../../src/text/letters.js'
import { foldForSearch, searchForm, toFtsQuery } from '../../src/search/fold.js'
import { searchStem as stemWord } from '../../src/text/affixes.js'

t.test('hamza forms of alef meet', async (t) => {
  t.equal(foldForSearch('أردوغان'), 'اردوغان')
  t.equal(foldForSearch('إردوغان'), 'اردوغان')
  t.equal(foldForSearch('آذار'), 'اذار')
  t.equal(foldForSearch('ٱلله'), 'الله')
})

t.test('alef maqsura, taa marbuta, harakat, tatweel', async (t) => {
  t.equal(foldForSearch('مصطفى'), 'مصطفي')
  t.equal(foldForSearch('مدينة'), 'مدينه')
  t.equal(foldForSearch('شَنّ'), 'شن')
  t.equal(foldForSearch('الـــرئيس'), 'الرئيس')
})

t.test('Persian/Urdu letters and Eastern digits', async (t) => {
  t.equal(foldForSearch('پاکستان'), 'پاكستان')
  t.equal(foldForSearch('ی'), 'ي')
  t.equal(foldForSearch('٢٠٢٠'), '2020')
  t.equal(foldForSearch('۱۴'), '14')
})

t.test('NFKC and case', async (t) => {
  t.equal(foldForSearch('ﻻ'), 'لا')
  t.equal(foldForSearch('M5'), 'm5')
})

t.test('every term is quoted; FTS syntax is inert', async (t) => {
  t.equal(toFtsQuery('إدلب AND سوتشي'), '"ادلب" "and" "سوتشي"')
  t.equal(toFtsQuery('غزة-القدس'), '"غزه-قدس"')
  t.equal(toFtsQuery('say "hi'), '"say" """hi"')
  t.equal(toFtsQuery('NEAR(a b) title:x *'), '"near(a" "b)" "title:x" "*"', 'a word without letters is kept: alone it matches nothing')
  t.equal(toFtsQuery('"'), '""""', 'a stray quote is a plain word')
  t.equal(toFtsQuery('   '), null)
  t.equal(toFtsQuery('a\u0000b'), '"a" "b"', 'NUL separates words (FTS5 would read it as the end of the query)')
})

t.test('light stemming: attached و and the definite article meet the bare word', async (t) => {
  t.equal(searchForm('والقدس'), searchForm('القدس'))
  t.equal(searchForm('بالقدس'), 'قدس')
  t.equal(searchForm('للأمم'), 'امم')
  t.equal(searchForm('وأردوغان'), 'اردوغان')
  t.equal(stemWord('بيروت'), 'بيروت', 'no article, nothing stripped')
  t.equal(stemWord('ال'), 'ال', 'too short to strip')
  t.equal(stemWord('ولد'), 'ولد', 'a three-letter word keeps its و')
  t.equal(searchForm('Dmitry Peskov'), 'dmitry peskov')
})

t.test('nameKeys: every run of consecutive words', async (t) => {
  const { nameKeys } = await import('../../src/search/fold.js')
  t.same(nameKeys('دونالد ترامب').sort(), ['دونالد', 'دونالد ترامب', 'ترامب'].sort())
  t.same(nameKeys('  a  b c ').sort(), ['a', 'a b', 'a b c', 'b', 'b c', 'c'].sort())
  t.same(nameKeys(''), [])
  t.equal(nameKeys(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).length, 78, 'a long phrase is capped at its first 12 words')
})

t.test('the one-pass search form equals its definition: the letter table, lower case, then stemWord on every word', async (t) => {
  // Arabic letters (folded or not), harakat, tatweel, digits of three scripts, presentation forms, Latin with
  // case, invisible marks, lone and paired surrogates, punctuation and spaces: every branch of the scan
  const pieces = ['و', 'ال', 'بال', 'لل', 'ك', 'ف', 'ب', 'ا', 'أ', 'إ', 'آ', 'ى', 'ة', 'ی', 'ک', 'پ', 'قدس', 'َ', 'ّ', 'ـ', '٢', '۴', '7',
    'ﻻ', 'ﺍﻟﻘﺪﺱ', 'İ', 'A', 'é', '\u200f', '\ufeff', '\ud800', '\udc00', '𝐀', '😀', ' ', '-', '،', '.', '\n']
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''))
  fc.assert(
    fc.property(text, (s) => {
      const folded = foldLetters(s.normalize('NFKC')).toLowerCase()
      return foldForSearch(s) === folded && searchForm(s) === folded.replace(/[\p{L}\p{N}]+/gu, stemWord)
    }),
    { numRuns: 3000, seed: 13 }
  )
  const long = 'والقدس '.repeat(3000)
  t.equal(searchForm(long), 'قدس '.repeat(3000), 'longer than the scratch buffer it starts with')
  t.equal(searchForm('\ud800 والقدس'), '\ud800 قدس', 'a lone surrogate is kept as it is')
})
