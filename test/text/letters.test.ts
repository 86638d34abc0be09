import t from 'tap'
import { foldForSearch } from '../../src/search/fold.js'
import { normaliseText } from '../../src/pipeline/normalise.js'
import { DELETED_RANGES, foldLetters, isDeleted, LETTER_FOLD } from '../../src/text/letters.js'

const BLOCKS: [number, number][] = [
  [0x0600, 0x06ff], // Arabic
  [0x0750, 0x077f], // Arabic Supplement
  [0x08a0, 0x08ff], // Arabic Extended-A
  [0xfb50, 0xfdff], // Presentation Forms-A
  [0xfe70, 0xfeff], // Presentation Forms-B
  [0x2000, 0x206f] // General Punctuation: spaces, zero-width and direction marks
]

t.test('search folding and the pipeline normalisation fold every Arabic-script character alike', async (t) => {
  const differ: string[] = []
  for (const [from, to] of BLOCKS) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c)
      if (foldForSearch(ch) !== normaliseText(ch).text) differ.push(c.toString(16))
    }
  }
  t.same(differ, [], 'no character is folded differently')
  // and on running text, with marks, variants, tatweel, invisible characters and digits mixed in
  const text = 'قالَ الرئيسُ أردوغان\u200c إنّ ٱلـــاتفاق ی ک ۳ ٢٠٢٠ مدرسة مصطفى'
  t.equal(foldForSearch(text), normaliseText(text).text)
})

t.test('the table: deletions, variants, digits', async (t) => {
  for (const [from, to] of DELETED_RANGES) {
    t.ok(isDeleted(from) && isDeleted(to), `${from.toString(16)}–${to.toString(16)} deleted`)
  }
  t.notOk(isDeleted('ا'.charCodeAt(0)))
  t.notOk(isDeleted(0x061b), 'the Arabic semicolon between two deleted ranges stays')
  t.notOk(isDeleted(0x1f600), 'astral code points are never deleted')
  for (const [code, letter] of Object.entries(LETTER_FOLD)) t.equal(foldLetters(String.fromCharCode(Number(code))), letter)
  t.equal(foldLetters('أحمد ـ ١٢'), 'احمد  12')
})
