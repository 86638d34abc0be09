import t from 'tap'
import { normaliseText as normalise } from '../../src/pipeline/normalise.js'
import { segment } from '../../src/pipeline/segment.js'

const sentences = (text: string) => {
  const seg = segment(normalise(text))
  return seg.sentences.map((s) => seg.tokens.slice(s.firstToken, s.endToken).map((tk) => tk.text).join(' '))
}

t.test('sentences end at full stops, not inside numbers or after an abbreviation’s letter', async (t) => {
  t.same(sentences('وصلت الطائرة. وقال الوزير'), ['وصلت الطائره', 'وقال الوزير'])
  t.equal(sentences('ارتفع المؤشر 2.5 بالمئة').length, 1, 'a decimal point')
  t.equal(sentences('وقال د. صالح اللويم').length, 1, 'د. is Dr.')
  t.equal(sentences('انتهى في عام 1436 هـ. وقال الوزير').length, 2, 'an era after a year ends a sentence')
  const seg = segment(normalise('وقال د. صالح'))
  t.equal(seg.tokens[2]?.hardGap, false, 'the abbreviation joins the name after it')
})
