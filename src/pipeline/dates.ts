/**
 * Date expressions and their resolution against the article's local publication date.
 * Weekdays: the most recent such day on or before publication (`الماضي`: strictly before). Months without a year:
 * their most recent occurrence not after publication. `الأسبوع الماضي`: the seven days before publication.
 */
import type { DateValue } from '../../schemas/common.js'
import { bodySlice, type DocContext } from './context.js'
import type { DateKey } from './kb.js'
import { trieMatchAt, type TrieMatch } from './trie.js'
import { isDefinite, looksFuture, procliticVariants, withoutConjunction } from '../text/affixes.js'

export interface DateExpr {
  start: number
  end: number
  s: number
  e: number
  sentence: number
  value: DateValue
  ruleId: string
}

const pad = (n: number): string => String(n).padStart(2, '0')
const ymd = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
const parse = (s: string): Date => new Date(`${s}T00:00:00Z`)
const addDays = (s: string, n: number): string => {
  const d = parse(s)
  d.setUTCDate(d.getUTCDate() + n)
  return ymd(d)
}
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate()
const validDay = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m)

export function dayValue(s: string, text: string): DateValue {
  return { start: s, end: s, precision: 'day', text }
}
function monthValue(y: number, m: number, text: string): DateValue {
  return { start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${pad(lastDay(y, m))}`, precision: 'month', text }
}
function yearValue(y: number, text: string): DateValue {
  return { start: `${y}-01-01`, end: `${y}-12-31`, precision: 'year', text }
}

/** Most recent given weekday on or before `pub` (strictly before when `strict`); after it when `next`. */
export function resolveWeekday(pub: string, weekday: number, mode: 'onOrBefore' | 'before' | 'next' | 'onOrAfter'): string {
  const dow = parse(pub).getUTCDay()
  if (mode === 'next') return addDays(pub, ((weekday - dow + 7) % 7) || 7)
  if (mode === 'onOrAfter') return addDays(pub, (weekday - dow + 7) % 7)
  let back = (dow - weekday + 7) % 7
  if (mode === 'before' && back === 0) back = 7
  return addDays(pub, -back)
}

/** Year of the most recent (month, day) not after publication. */
export function yearForMonth(pub: string, month: number, day: number | null): number {
  const [py = 0, pm = 0, pd = 0] = pub.split('-').map(Number)
  if (month < pm || (month === pm && (day === null || day <= pd))) return py
  return py - 1
}

export function relativeValue(pub: string, unit: DateKey['unit'], offset: number, text: string): DateValue {
  const [py = 0, pm = 0] = pub.split('-').map(Number)
  if (unit === 'day') return dayValue(addDays(pub, offset), text)
  if (unit === 'week') {
    if (offset < 0) return { start: addDays(pub, -7), end: addDays(pub, -1), precision: 'week', text }
    if (offset > 0) return { start: addDays(pub, 1), end: addDays(pub, 7), precision: 'week', text }
    return { start: addDays(pub, -parse(pub).getUTCDay()), end: addDays(pub, 6 - parse(pub).getUTCDay()), precision: 'week', text }
  }
  if (unit === 'month') {
    const idx = py * 12 + (pm - 1) + offset
    return monthValue(Math.floor(idx / 12), (idx % 12) + 1, text)
  }
  return yearValue(py + offset, text)
}

type Ctx = DocContext
const tokText = (ctx: Ctx, i: number): string => ctx.tokens[i]?.text ?? ''
const isNum = (t: string): boolean => /^[0-9]+$/.test(t)
const softNext = (ctx: Ctx, i: number, sentence: number): boolean => {
  const t = ctx.tokens[i]
  return !!t && t.sentence === sentence && !t.hardGap
}

function dateAt(ctx: Ctx, i: number, kind?: DateKey['kind']): TrieMatch<DateKey> | null {
  const m = trieMatchAt(ctx.kb.dateTrie, ctx.tokens, i)
  if (!m) return null
  if (kind && !m.values.some((v) => v.kind === kind)) return null
  return m
}

/** Month name (optionally `آذار/مارس`) at i: [month, end]. */
function monthAt(ctx: Ctx, i: number): { month: number; end: number } | null {
  const m = dateAt(ctx, i, 'month')
  if (!m) return null
  const month = m.values.find((v) => v.kind === 'month')?.value ?? 0
  let end = m.end
  const second = ctx.tokens[end]
  if (second && !second.hardGap && second.gap.includes('/')) {
    const m2 = dateAt(ctx, end, 'month')
    if (m2) end = m2.end
  } else if (second && second.gap.trim() === '/' ) {
    const m2 = dateAt(ctx, end, 'month')
    if (m2) end = m2.end
  }
  return { month, end }
}

function suffixAt(ctx: Ctx, i: number, lists: string[][], sentence: number): number {
  for (const seq of lists) {
    let ok = seq.length > 0
    for (let k = 0; k < seq.length && ok; k++) {
      const t = ctx.tokens[i + k]
      const want = seq[k] ?? ''
      ok = !!t && t.sentence === sentence && (t.text === want || (k === 0 && t.text.length > want.length && t.text.endsWith(want) && 'وبل'.includes(t.text[0] ?? '')))
    }
    if (ok) return i + seq.length
  }
  return i
}

function yearAt(ctx: Ctx, i: number): number | null {
  const t = tokText(ctx, i)
  if (!isNum(t) || t.length !== 4) return null
  const y = Number(t)
  return y >= 1900 && y <= 2100 ? y : null
}

/** Day number at i: digits 1–31, `ال5`, or an ordinal word (`الثالث`). Returns [day, end]. */
function dayAt(ctx: Ctx, i: number, sentence: number): { day: number; end: number } | null {
  let k = i
  if (tokText(ctx, k) === 'ال' && softNext(ctx, k + 1, sentence) && ctx.tokens[k + 1]?.gap === '') k++
  const t = tokText(ctx, k)
  if (isNum(t) && t.length <= 2) {
    const d = Number(t)
    return d >= 1 && d <= 31 ? { day: d, end: k + 1 } : null
  }
  const n = trieMatchAt(ctx.kb.numberTrie, ctx.tokens, i)
  if (n && isDefinite(ctx.tokens[i]?.text ?? '')) {
    const v = n.values[0]?.value ?? 0
    if (v >= 1 && v <= 31) return { day: v, end: n.end }
  }
  return null
}

interface Found {
  end: number
  value: DateValue
  ruleId: string
}

function explicitDate(ctx: Ctx, i: number, pub: string, sentence: number): Found | null {
  const first = dayAt(ctx, i, sentence)
  if (!first) return null
  let k = first.end
  let rangeEnd: number | null = null
  if (ctx.kb.words.rangeLinks.has(tokText(ctx, k))) {
    const second = dayAt(ctx, k + 1, sentence)
    if (second && second.day > first.day) {
      rangeEnd = second.day
      k = second.end
    }
  }
  if (ctx.kb.words.dayMonthLinks.has(tokText(ctx, k))) k++
  if (!softNext(ctx, k, sentence) && !(ctx.tokens[k]?.sentence === sentence)) return null
  const month = monthAt(ctx, k)
  if (!month) return null
  k = month.end
  let year = yearAt(ctx, k)
  if (year !== null) k++
  else {
    const cur = suffixAt(ctx, k, ctx.kb.words.monthSuffixCurrent, sentence)
    if (cur > k) {
      year = Number(pub.slice(0, 4))
      k = cur
    } else {
      const past = suffixAt(ctx, k, ctx.kb.words.monthSuffixPast, sentence)
      k = past
      year = yearForMonth(pub, month.month, first.day)
    }
  }
  if (!validDay(year, month.month, first.day)) return null
  const start = `${year}-${pad(month.month)}-${pad(first.day)}`
  const end = rangeEnd !== null && validDay(year, month.month, rangeEnd) ? `${year}-${pad(month.month)}-${pad(rangeEnd)}` : start
  return { end: k, value: { start, end, precision: 'day', text: '' }, ruleId: rangeEnd !== null ? 'date.explicit-range' : 'date.explicit-day' }
}

function monthOnly(ctx: Ctx, i: number, pub: string, sentence: number): Found | null {
  const month = monthAt(ctx, i)
  if (!month) return null
  let k = month.end
  const year = yearAt(ctx, k)
  if (year !== null) return { end: k + 1, value: monthValue(year, month.month, ''), ruleId: 'date.month-year' }
  const cur = suffixAt(ctx, k, ctx.kb.words.monthSuffixCurrent, sentence)
  if (cur > k) return { end: cur, value: monthValue(Number(pub.slice(0, 4)), month.month, ''), ruleId: 'date.month-current' }
  const past = suffixAt(ctx, k, ctx.kb.words.monthSuffixPast, sentence)
  const prev = withoutConjunction(tokText(ctx, i - 1))
  const combined = month.end - i > 1
  if (past === k && !combined && !ctx.kb.words.monthContext.has(prev)) return null
  k = past
  return { end: k, value: monthValue(yearForMonth(pub, month.month, null), month.month, ''), ruleId: 'date.month' }
}

function yearOnly(ctx: Ctx, i: number): Found | null {
  const t = tokText(ctx, i)
  const y = yearAt(ctx, i + 1)
  const w = ctx.kb.words
  if (y !== null && (ctx.tokens[i]?.variants ?? procliticVariants(t)).some((v) => w.yearWords.has(v.form) || w.monthContext.has(v.form))) {
    return { end: i + 2, value: yearValue(y, ''), ruleId: 'date.year' }
  }
  return null
}

function weekdayOrRelative(ctx: Ctx, i: number, pub: string, sentence: number, previous: DateExpr | undefined): Found | null {
  let k = i
  if (ctx.kb.words.dayWords.has(tokText(ctx, k)) && !trieMatchAt(ctx.kb.dateTrie, ctx.tokens, k) && ctx.tokens[k + 1]?.sentence === sentence) k++
  const m = dateAt(ctx, k)
  if (!m) return null
  const key = m.values[0]
  if (!key || key.kind === 'month') return null
  if (key.kind === 'relative') {
    // `أمس الأربعاء`, `اليوم الثلاثاء`: the weekday restates the relative day
    const wd = softNext(ctx, m.end, sentence) ? dateAt(ctx, m.end, 'weekday') : null
    if (key.id === 'date.eve-after') {
      const anchor = previous && previous.sentence === sentence && previous.value.precision === 'day' ? previous.value.start : pub
      return { end: m.end, value: dayValue(relativeValue(anchor, 'day', -1, '').start, ''), ruleId: key.id }
    }
    const v = relativeValue(pub, key.unit, key.value, '')
    return { end: wd ? wd.end : m.end, value: v, ruleId: key.id }
  }
  const w = ctx.kb.words
  const next = ctx.tokens[m.end]
  const nextText = next && next.sentence === sentence && !next.hardGap ? next.text : ''
  if (w.weekdayPast.has(nextText)) return { end: m.end + 1, value: dayValue(resolveWeekday(pub, key.value, 'before'), ''), ruleId: 'date.weekday-past' }
  if (w.weekdayNext.has(nextText)) return { end: m.end + 1, value: dayValue(resolveWeekday(pub, key.value, 'next'), ''), ruleId: 'date.weekday-next' }
  // `سيعقد الاجتماع الجمعة`: after a verb in the future the weekday is the coming one, or the day itself
  if (futureBefore(ctx, k, sentence)) return { end: m.end, value: dayValue(resolveWeekday(pub, key.value, 'onOrAfter'), ''), ruleId: 'date.weekday-future' }
  return { end: m.end, value: dayValue(resolveWeekday(pub, key.value, 'onOrBefore'), ''), ruleId: 'date.weekday' }
}

/** How many words before a weekday a future verb still governs it. */
const FUTURE_REACH = 4

/** A future verb (`سيعقد`, `ستبدأ`) or marker (`سوف`, `من المقرر`) shortly before token i in its sentence. */
function futureBefore(ctx: Ctx, i: number, sentence: number): boolean {
  const w = ctx.kb.words
  for (let k = i - 1; k >= Math.max(0, i - FUTURE_REACH); k--) {
    const t = ctx.tokens[k]
    if (!t || t.sentence !== sentence) return false
    const x = withoutConjunction(t.text)
    if (w.futureMarkers.has(x) || w.futureMarkers.has(`${x} ${tokText(ctx, k + 1)}`)) return true
    if (looksFuture(x) && !w.futureExceptions.has(x) && !w.givenNames.has(x)) return true
  }
  return false
}

/** `الصيف الماضي`, `صيف 2014`, `الشتاء المقبل`: the season's months, the last one before publication, the next, or that year's. */
function season(ctx: Ctx, i: number, pub: string, sentence: number): Found | null {
  const months = (ctx.tokens[i]?.variants ?? procliticVariants(tokText(ctx, i))).map((v) => ctx.kb.seasons.get(v.form)).find((x) => x !== undefined)
  if (!months) return null
  const first = months[0] ?? 1
  const last = months[months.length - 1] ?? first
  const [py = 0, pm = 0] = pub.split('-').map(Number)
  const w = ctx.kb.words
  const next = softNext(ctx, i + 1, sentence) ? tokText(ctx, i + 1) : ''
  // the year a season starts in (winter starts in December)
  let year: number | null = null
  const explicit = yearAt(ctx, i + 1)
  if (explicit !== null) year = first > last ? explicit - 1 : explicit
  else if (w.weekdayPast.has(next)) {
    // the last season of that name wholly before publication
    year = py
    const endMonth = (y: number): number => (first > last ? (y + 1) * 12 + last : y * 12 + last)
    while (endMonth(year) >= py * 12 + pm) year--
  } else if (w.weekdayNext.has(next)) {
    year = py
    while (year * 12 + first <= py * 12 + pm) year++
  } else return null
  const endYear = first > last ? year + 1 : year
  return {
    end: i + 2,
    value: { start: `${year}-${pad(first)}-01`, end: `${endYear}-${pad(last)}-${pad(lastDay(endYear, last))}`, precision: 'month', text: '' },
    ruleId: 'date.season'
  }
}

/** Every date expression in the document, resolved (none when the publication date is unknown). */
export function findDates(ctx: DocContext): DateExpr[] {
  const pub = ctx.pubDate
  const out: DateExpr[] = []
  if (!pub) return out
  const { tokens } = ctx
  for (let i = 0; i < tokens.length; ) {
    const sentence = tokens[i]?.sentence ?? 0
    const found =
      explicitDate(ctx, i, pub, sentence) ??
      monthOnly(ctx, i, pub, sentence) ??
      yearOnly(ctx, i) ??
      season(ctx, i, pub, sentence) ??
      weekdayOrRelative(ctx, i, pub, sentence, out[out.length - 1])
    if (!found || found.end <= i) {
      i++
      continue
    }
    const s = tokens[i]?.s ?? 0
    const e = tokens[found.end - 1]?.e ?? s
    const { text } = bodySlice(ctx, s, e)
    out.push({ start: i, end: found.end, s, e, sentence, value: { ...found.value, text }, ruleId: found.ruleId })
    i = found.end
  }
  return out
}
