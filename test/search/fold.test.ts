import fc from 'fast-check'
import t from 'tap'
import { foldLetters } from '../../src/text/letters.js'
import { foldForSearch, nameIndexKeys, nameKeys, searchForm, toFtsQuery } from '../../src/search/fold.js'
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
  t.same(nameKeys('دونالد ترامب').sort(), ['دونالد', 'دونالد ترامب', 'ترامب'].sort())
  t.same(nameKeys('  a  b c ').sort(), ['a', 'a b', 'a b c', 'b', 'b c', 'c'].sort())
  t.same(nameKeys(''), [])
  t.equal(nameKeys(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).length, 78, 'a long phrase is capped at its first 12 words')
})

t.test('nameIndexKeys: a key adds the name when it names the entity: a whole name, or words of the English name', async (t) => {
  const keys = nameIndexKeys('صحيفة الاقتصادية', 'Al Eqtisadiah', ['الاقتصادية السعودية', 'صحيفة الاقتصادية السعودية'])
  const name = searchForm('صحيفة الاقتصادية')
  t.equal(keys.get(searchForm('الاقتصادية السعودية')), name, 'a whole alias names it')
  t.equal(keys.get(searchForm('السعودية')), null, 'a word of an alias does not (it finds the texts that say it)')
  t.equal(keys.get(searchForm('الاقتصادية')), null, 'nor a word the name says itself')
  t.equal(keys.get(searchForm('Eqtisadiah')), name, 'a word of the English name does (texts spell it in Arabic)')
  t.equal(keys.get(searchForm('Al Eqtisadiah')), name, 'and the whole English name')
  t.equal(keys.get(name), null, 'the name adds nothing to itself')
  t.same([...keys.keys()].sort(), [...new Set([name, searchForm('Al Eqtisadiah'), searchForm('الاقتصادية السعودية'), searchForm('صحيفة الاقتصادية السعودية')].flatMap(nameKeys))].sort(), 'every run of every name is a key')
  // a key that is a word of one alias and the whole of another names the entity
  t.equal(nameIndexKeys('الكرملين', null, ['الرئاسة الروسية', 'الروسية']).get(searchForm('الروسية')), searchForm('الكرملين'))
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
