import t from 'tap'
import { userTextProblem } from '../../src/text/user-text.js'

t.test('NUL, C0 and C1 controls, DEL and unpaired surrogates are named; text and whitespace pass', async (t) => {
  for (const [value, problem] of [
    ['a\u0000b', 'must not contain control characters (U+0000)'],
    ['\u0001', 'must not contain control characters (U+0001)'],
    ['x\u000b', 'must not contain control characters (U+000B)'],
    ['\u001b[31m', 'must not contain control characters (U+001B)'],
    ['a\u007f', 'must not contain control characters (U+007F)'],
    ['a\u0085', 'must not contain control characters (U+0085)'],
    ['\u009f', 'must not contain control characters (U+009F)'],
    ['a\ud800b', 'must be well-formed Unicode (unpaired surrogate U+D800)'],
    ['\udc00', 'must be well-formed Unicode (unpaired surrogate U+DC00)'],
    ['😀\ud83d', 'must be well-formed Unicode (unpaired surrogate U+D83D)']
  ] as const) {
    t.equal(userTextProblem(value), problem, JSON.stringify(value))
  }
  for (const value of ['', 'إدلب', 'a\tb', 'a\nb\r\n', '😀👍🏽🇸🇾', '\u200f\u202eRTL\u202c', '\u00a0\u00ad', "' OR 1=1 --", '\ufeff']) {
    t.equal(userTextProblem(value), null, JSON.stringify(value))
  }
})
