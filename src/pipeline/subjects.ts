/**
 * The subject phrase right after a speech verb, when it names nobody the knowledge base or the title pattern knows:
 *  - a bare personal name: 2–4 name-like tokens (`قال غسان دغلس، مسؤول…`, `وقال محمد علي للصحفيين`), closed by
 *    punctuation, a complementiser, an adjunct, a title (apposition) or a date — or, alone, the surname of a
 *    name read that way earlier in the article;
 *  - a body: an organisation or media head noun from the subjects lexicon with a specifying modifier
 *    (`وأكدت شركة الاتحاد`, `وذكرت صحيفة "ديلي ميل"`, `أعلنت وزارة الصحة السعودية`); a bare definite head
 *    (`وقالت الشركة`) refers back to the last body of that kind in the article;
 *  - an anonymous source (`مصادر مطلعة`, `شهود عيان`, `موقع إخباري إيراني`): nobody, on purpose;
 *  - a document (`ذكر بيان للجيش`, `وأكد البيان`): its issuer when the text names one, else nobody.
 * The phrase is bounded by the content boundary the quote stage found (comma, إن/أن, colon, quotation).
 */
import type { EntityAnnotation } from '../../schemas/annotations.js'
import { bodySlice, isComplementizer, speechCueAt, tokenIs, type DocContext } from './context.js'
import type { TokMention } from './mentions.js'
import { DEMONYM_RULE, type SubjectHead } from './kb.js'
import { displayName, givenNameAt, nameBoundary, nameEvidence, possessiveAt, readNameRun, surnameAlias, surnameLike, tanweenAt } from './names.js'
import { stableHash } from './ids.js'
import { trieMatchAt } from './trie.js'
import { hasConjunction, hasLam, hasNisbaEnding, hasPluralEnding, isBarePreposition, isDefinite, startsWithArticle, startsWithLil } from '../text/affixes.js'

/** The mentions a reader may rely on (the entity stage's, or those it has found so far). */
export interface MentionView {
  mentions: TokMention[]
  mentionAt: Map<number, TokMention>
}

/** Where a subject phrase may stand: after a speech verb, up to the start of what it reports. */
export interface SubjectSlot {
  /** First token after the verb. */
  start: number
  /** Exclusive: where the reported content (or the sentence) begins. */
  limit: number
  sentence: number
  /** The slot ends on what introduces a report (إن/أن, a colon), or a quotation opens in it: the verb reports. */
  reports: boolean
}

export type SubjectPhrase =
  | { kind: 'person'; start: number; end: number }
  | { kind: 'body'; head: SubjectHead; start: number; end: number; strip: number; affiliation: string | null }
  | { kind: 'anaphor'; head: SubjectHead }
  | { kind: 'anonymous'; head: SubjectHead }
  | { kind: 'document'; head: SubjectHead; definite: boolean; issuer: SubjectPhrase | string | null }

const MAX_MODIFIERS = 6
/** The head of a subject that is a people (`الفلسطينيون`, `الأتراك`). */
const PEOPLE_HEAD: SubjectHead = { id: 'subject.people', cls: 'anonymous' }
/** The head of a subject that opens with a number (`قال 72,8% من المشاركين`). */
const NUMBER_HEAD: SubjectHead = { id: 'subject.share', cls: 'anonymous' }
const QUOTE_GAP = /^\s*["“”«»„‟]\s*$/
/** An indefinite nisba or plural adjective (`إخباري`, `يابانية`, `أوروبيون`): describes, does not name. */
const isGenericAdj = (x: string): boolean => !startsWithArticle(x) && hasNisbaEnding(x)

function isDefiniteForm(text: string, strip: number): boolean {
  return startsWithArticle(text.slice(strip))
}

/** Country (or capital's country) mentioned in a token range, for a discovered body's affiliation. */
function countryIn(ctx: DocContext, ent: MentionView, a: number, b: number): string | null {
  for (const m of ent.mentions) {
    if (m.start < a || m.start >= b) continue
    const e = ctx.kb.entities.get(m.entityId)
    if (e?.type === 'country') return e.id
    if (e?.type === 'place' && e.capitalOf) return e.capitalOf
  }
  return null
}

/** A token that ends a subject phrase's modifiers. */
function phraseStop(ctx: DocContext, k: number): boolean {
  const { tokens, kb } = ctx
  const t = tokens[k]
  if (!t) return true
  const w = kb.words
  if (isComplementizer(kb, t.text) || tokenIs(w.adjuncts, t.text)) return true
  // definite stop words (الخارجية، الدفاع) are legitimate modifiers; `الي` (إلى) is not definite
  if ((!startsWithArticle(t.text) || t.text.length <= 3) && (w.stopWords.has(t.text) || tokenIs(w.stopWords, t.text))) return true
  // relative pronouns and other closed-class words (`الشركة التي تعتزم…`)
  if (trieMatchAt(kb.subjectTrie, tokens, k, false)?.values.some((v) => v.cls === 'common' || v.generic)) return true
  if (trieMatchAt(kb.speechTrie, tokens, k) || trieMatchAt(kb.dateTrie, tokens, k) || trieMatchAt(kb.titleTrie, tokens, k, false)) return true
  return /[0-9]/.test(t.text)
}

/** How many words of a place's own name may follow its head noun (`مقاطعة غادسدن`, `ولاية نيو مكسيكو`). */
const LOCALE_NAME = 3

/**
 * `السلطات في مقاطعة غادسدن`, `مكتب الرئاسة في كوريا الجنوبية`: a body of a country, or of a named province or county,
 * after a role preposition at token k. Returns the exclusive end of the place, or k when none follows.
 */
function localeEnd(ctx: DocContext, ent: MentionView, k: number, limit: number): number {
  const { tokens, kb } = ctx
  const next = tokens[k + 1]
  if (!next || next.hardGap || k + 1 >= limit) return k
  const m = ent.mentionAt.get(k + 1)
  if (m) return ctx.kb.entities.get(m.entityId)?.type === 'country' && m.ruleId !== DEMONYM_RULE ? m.end : k
  if (!tokenIs(kb.words.placeHeads, next.text) || startsWithArticle(next.text)) return k
  let end = k + 2
  while (end < limit && end - (k + 2) < LOCALE_NAME && !tokens[end]?.hardGap && !phraseStop(ctx, end) && !startsWithArticle(tokens[end]?.text ?? '')) end++
  return end > k + 2 && (end >= limit || tokens[end]?.hardGap || phraseStop(ctx, end)) ? end : k
}

/**
 * Head + modifiers from token i (head match given). Returns the exclusive end, or -1 when the phrase runs past
 * the limit without a boundary (then it is not a phrase we understand).
 */
function readModifiers(ctx: DocContext, ent: MentionView, headEnd: number, limit: number, definite: boolean): number {
  const { tokens } = ctx
  let k = headEnd
  let n = 0
  let closed = false
  while (k < limit) {
    const t = tokens[k]
    if (!t) break
    if (t.hardGap && !(k === headEnd && QUOTE_GAP.test(t.gap))) break
    const m = ent.mentionAt.get(k)
    if (m) {
      const e = ctx.kb.entities.get(m.entityId)
      if (!e || e.type === 'person') break
      k = m.end
      n++
      continue
    }
    if (ctx.kb.words.roleLinkers.has(t.text)) {
      k = localeEnd(ctx, ent, k, limit)
      break
    }
    if (phraseStop(ctx, k)) break
    // a definite head takes definite modifiers only (`الوكالة الإيرانية`); an indefinite word after it is no part of
    // the name (`وأضافت المنظمة عشية الذكرى`)
    if (definite && !startsWithArticle(t.text) && !startsWithLil(t.text) && !QUOTE_GAP.test(t.gap)) break
    // (after a chain closed by a definite word: definite words, joined ones too, and a complement with لـ)
    if (closed && !isDefinite(t.text) && !hasLam(t.text) && !QUOTE_GAP.test(t.gap)) break
    // `القناة والصحيفة`: two bodies coordinated — not one name
    if (t.text.length > 3 && hasConjunction(t.text) && trieMatchAt(ctx.kb.subjectTrie, tokens, k)?.values.some((v) => v.cls === 'organization' || v.cls === 'media')) return -1
    if (++n > MAX_MODIFIERS) return -1
    // a definite word closes a construct chain (`وزارة التجارة والصناعة`): only definite modifiers follow it, not the
    // verb's object (`نتائج الاستبيان`); a title opens a name instead (`جامعة الملك سعود`)
    if (isDefinite(t.text) && !trieMatchAt(ctx.kb.titleTrie, tokens, k)) closed = true
    k++
  }
  return k
}

function readBody(ctx: DocContext, ent: MentionView, i: number, head: SubjectHead, headEnd: number, strip: number, limit: number): SubjectPhrase | null {
  const { tokens } = ctx
  // `وكالة الأنباء`, `وسائل الإعلام الرسمية`: a head in construct with a definite noun is definite
  const definite = isDefiniteForm(tokens[i]?.text ?? '', strip) || (headEnd - i >= 2 && startsWithArticle(tokens[i + 1]?.text ?? ''))
  const end = readModifiers(ctx, ent, headEnd, limit, definite)
  if (end < 0) return null
  if (end === headEnd) return definite ? { kind: 'anaphor', head } : { kind: 'anonymous', head }
  if (!definite) {
    // `موقع إخباري إيراني`, `صحيفة يابانية`, `شركة أمريكية`: an unnamed body of some kind
    let generic = true
    for (let k = headEnd; k < end; k++) {
      const m = ent.mentionAt.get(k)
      if (m) {
        if (ctx.kb.entities.get(m.entityId)?.type === 'country' && m.ruleId === 'kb.demonym') {
          k = m.end - 1
          continue
        }
        generic = false
        break
      }
      if (!isGenericAdj(tokens[k]?.text ?? '')) {
        generic = false
        break
      }
    }
    if (generic) return { kind: 'anonymous', head }
  }
  return { kind: 'body', head, start: i, end, strip, affiliation: countryIn(ctx, ent, headEnd, end) }
}

/** The issuer of a document: `بيان للجيش`, `بيان صادر عن وزارة الصحة`, `تقرير لمنظمة العفو`. */
export function readIssuer(ctx: DocContext, ent: MentionView, from: number, limit: number): SubjectPhrase | string | null {
  const { tokens, kb } = ctx
  for (let k = from; k < Math.min(limit, from + 4); k++) {
    const t = tokens[k]
    if (!t || (k > from && t.hardGap)) return null
    const viaAn = kb.words.issuerLinks.has(t.text)
    const at = viaAn ? k + 1 : k
    const lam = !viaAn && hasLam(t.text)
    if (!viaAn && !lam) continue
    const m = ent.mentionAt.get(at)
    if (m) {
      const e = kb.entities.get(m.entityId)
      if (m.ruleId === 'kb.demonym') return null
      // discovered people and bodies (`person:…`, `org:…`) are issuers too
      if (m.entityId.includes(':') || e?.type === 'person' || e?.type === 'organization' || e?.type === 'media' || e?.type === 'armed_group' || e?.type === 'country') return m.entityId
      return null
    }
    const h = trieMatchAt(kb.subjectTrie, tokens, at)
    const head = h?.values[0]
    if (h && head && (head.cls === 'organization' || head.cls === 'media')) return readBody(ctx, ent, at, head, h.end, h.strip, limit)
    return null
  }
  return null
}

/** Whether the quotation mark before token i closes one opened earlier in its sentence (an odd count before it). */
function closesQuote(ctx: DocContext, i: number): boolean {
  const { tokens } = ctx
  const sentence = tokens[i]?.sentence
  let marks = 0
  for (let k = i - 1; k >= 0 && tokens[k]?.sentence === sentence; k--) {
    // the sentence's first gap may still close the previous sentence's quotation (`…الأجانب". وقالت`)
    const gap = tokens[k - 1]?.sentence === sentence ? (tokens[k]?.gap ?? '') : (tokens[k]?.gap ?? '').replace(/^[^.!?؟\n]*[.!?؟\n]/, '')
    marks += (gap.match(/["“”«»„‟]/g) ?? []).length
  }
  return marks % 2 === 1
}

/** How many words a name in quotation marks may have (`وتابع "القرعوطي":`). */
const QUOTED_NAME = 3

/**
 * A short quotation at token i closed before a colon, a comma or إن/أن: a name in quotation marks, not what is said.
 * After a feminine verb it names a body (`وأشارت "أمنستي"`, `وقالت "غارديان"`) far more often than a woman.
 */
function quotedName(ctx: DocContext, i: number): boolean {
  const { tokens, kb } = ctx
  if (speechCueAt(ctx, i - 1)?.values[0]?.feminine && !givenNameAt(ctx, i)) return false
  for (let k = i + 1; k <= i + QUOTED_NAME; k++) {
    const t = tokens[k]
    if (!t || t.sentence !== tokens[i]?.sentence) return false
    if (!/["“”«»„‟]/.test(t.gap)) continue
    return /["“”«»„‟]\s*[:،,]/.test(t.gap) || isComplementizer(kb, t.text)
  }
  return false
}

/** After a single-word name: punctuation, إن/أن, a preposition, a date or an apposition (not any function word). */
function strongBoundary(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  if (!t || t.hardGap) return true
  const w = ctx.kb.words
  return isComplementizer(ctx.kb, t.text) || tokenIs(w.adjuncts, t.text) || tokenIs(w.appositionWords, t.text) || !!trieMatchAt(ctx.kb.dateTrie, ctx.tokens, k) || !!trieMatchAt(ctx.kb.speechTrie, ctx.tokens, k)
}

/**
 * A personal name in subject position: 2–4 name words closed by a boundary (punctuation, a function word, a title
 * in apposition, a date, a possessive noun) with some evidence that they are a name, or a single word closed by
 * punctuation, إن/أن, a preposition or a date (`وقال مورينيو:`, `وقال الساتي إنه`), which is neither a noun with a
 * possessive pronoun (`منظموها`) nor a word in ة (`متدنية`) unless it is a listed given name.
 */
function readPerson(ctx: DocContext, ent: MentionView, i: number, limit: number): SubjectPhrase | null {
  const { tokens, kb } = ctx
  // a quotation opening right after the verb is what is said, not who says it (one closing, `لـ"الرياض" غزاي`, is not)
  if (/["“”«»„‟]/.test(tokens[i]?.gap ?? '') && !closesQuote(ctx, i) && !quotedName(ctx, i)) return null
  const run = readNameRun(ctx, i, limit, (k) => ent.mentionAt.has(k))
  let k = run?.end ?? i
  // a family name alone (`وقال الساتي إنه`); other definite words are nouns as often as names (`وقال الكثيرون`,
  // `وأكد التحقيق`): a name introduced in full earlier is a mention already
  if (!run && surnameLike(ctx, i)) k = i + 1
  if (k === i) return null
  if (k === i + 1) {
    const t = tokens[i]
    if (!t || t.text.length < 3 || !strongBoundary(ctx, k) || possessiveAt(ctx, i) || tanweenAt(ctx, i)) return null
    // a word in ة, or in ه (`حديثه`, `أسفه`: a noun with "his"), is a noun unless it is a listed name (`طه` is)
    if (!givenNameAt(ctx, i) && (/[ةه]$/.test(bodySlice(ctx, t.s, t.e).text) || hasPluralEnding(t.text))) return null
    return { kind: 'person', start: i, end: k }
  }
  const closed =
    run?.possessive || k >= limit || nameBoundary(ctx, k) || (trieMatchAt(kb.subjectTrie, tokens, k)?.strip ?? 0) > 0 ||
    !!trieMatchAt(kb.titleTrie, tokens, k, false) || !!trieMatchAt(kb.dateTrie, tokens, k)
  if (!closed || !nameEvidence(ctx, i, k)) return null
  return { kind: 'person', start: i, end: k }
}

/**
 * `خبير الأرصاد الجوية ستيفن كيتس`: a descriptive head whose phrase closes on a name is that person, not an
 * anonymous source. The name must run exactly to the phrase's end.
 */
function trailingName(ctx: DocContext, ent: MentionView, from: number, limit: number): SubjectPhrase | null {
  const { tokens } = ctx
  let end = from
  while (end < limit && end - from < 10) {
    const t = tokens[end]
    if (!t || (end > from && t.hardGap) || isComplementizer(ctx.kb, t.text) || tokenIs(ctx.kb.words.adjuncts, t.text) || trieMatchAt(ctx.kb.speechTrie, tokens, end)) break
    end++
  }
  for (let p = from + 1; p <= end - 2; p++) {
    if (tokens[p]?.hardGap) return null
    const sp = readPerson(ctx, ent, p, end)
    if (sp?.kind === 'person' && sp.end === end && sp.end - sp.start >= 2) return sp
  }
  return null
}

/** How far after a speech verb its subject may end (the slot is cut earlier by what the verb reports). */
const SUBJECT_SLOT = 12
/** How far after a speech verb what it reports may start (the quote stage's reach for a verb's content). */
const REPORT_REACH = 30

/**
 * The slot after a speech verb ending at token `from`: up to a complementiser, a colon or the sentence end. An addressee right after the verb (`وأكد لـ"الرياض" غزاي الحربي`, `قال لرويترز`) is stepped over.
 */
export function speechSlot(ctx: DocContext, from: number, sentence: number, mentionAt: Map<number, TokMention>, max = Number.MAX_SAFE_INTEGER): SubjectSlot {
  const { tokens, kb } = ctx
  let start = from
  const first = tokens[from]
  if (first && !first.hardGap && isBarePreposition(first.text) && /["“«]/.test(tokens[from + 1]?.gap ?? '')) {
    // `لـ"الرياض"`: the preposition alone, then a quoted outlet
    let k = from + 1
    while (k < tokens.length && k - from < 6 && !/["”»]/.test(tokens[k + 1]?.gap ?? '')) k++
    start = k + 1
  } else if (first && !first.hardGap && first.text.startsWith('ل') && mentionAt.get(from)?.entityId && kb.entities.get(mentionAt.get(from)?.entityId ?? '')?.type === 'media') {
    start = mentionAt.get(from)?.end ?? from
  }
  let limit = start
  let reports = false
  while (limit < tokens.length && limit < max && limit - start < SUBJECT_SLOT) {
    const t = tokens[limit]
    if (!t || t.sentence !== sentence) break
    if (/["“”«»]/.test(t.gap)) reports = true
    // (a quotation mark does not end it: `وذكرت صحيفة "ديلي ميل" أن`; the readers stop at it where it matters)
    if (limit > start && (t.gap.includes(':') || isComplementizer(kb, t.text))) {
      reports = true
      break
    }
    limit++
  }
  if (limit === max) reports = true
  // the report may start further on, after a long apposition (`وقال روبرتو فاليس رئيس رابطة … في المؤتمر "…"`)
  for (let k = limit; !reports && k < tokens.length && k - start < REPORT_REACH; k++) {
    const t = tokens[k]
    if (!t || t.sentence !== sentence) break
    if (/[:"“”«»]/.test(t.gap) || isComplementizer(kb, t.text)) reports = true
  }
  return { start, limit, sentence, reports }
}

/** Reads the subject phrase in a slot after a speech verb (null: nothing this reader understands). */
export function readSubject(ctx: DocContext, ent: MentionView, slot: SubjectSlot): SubjectPhrase | null {
  const { tokens, kb } = ctx
  const i = slot.start
  const limit = Math.max(i, slot.limit)
  const first = tokens[i]
  if (!first || i >= limit || first.sentence !== slot.sentence) return null
  if (first.hardGap && !QUOTE_GAP.test(first.gap)) return null
  // `ويقول الفلسطينيون إن`: a people speaks for nobody in particular
  const demonym = ent.mentionAt.get(i)?.ruleId === DEMONYM_RULE ? ent.mentionAt.get(i) : undefined
  if (demonym && demonym.end === limit) return { kind: 'anonymous', head: PEOPLE_HEAD }
  // `وقالت الفنلندية تينا يوهياينن`: a nationality, then the person's name
  if (demonym) return readPerson(ctx, ent, demonym.end, limit)
  if (ent.mentionAt.has(i)) return null
  const h = trieMatchAt(kb.subjectTrie, tokens, i)
  const head = h?.values[0]
  if (h && head) {
    // `وأضاف لقناة سكاي نيوز`: a head with a preposition is an adjunct, not the subject
    if (h.strip > 0 || head.cls === 'common') return null
    if (head.cls === 'anonymous') return (head.generic ? null : trailingName(ctx, ent, h.end, limit)) ?? { kind: 'anonymous', head }
    if (head.cls === 'document') {
      const definite = isDefiniteForm(first.text, h.strip)
      return { kind: 'document', head, definite, issuer: readIssuer(ctx, ent, h.end, limit) }
    }
    return readBody(ctx, ent, i, head, h.end, h.strip, limit)
  }
  if (trieMatchAt(kb.titleTrie, tokens, i)) return null
  // `بينما قال 5,9% إنهم`: a number of people, nobody in particular
  if (/^[0-9]/.test(first.text)) return { kind: 'anonymous', head: NUMBER_HEAD }
  return readPerson(ctx, ent, i, limit)
}

/** The discovered entity for a person or body phrase (stable id from the normalised name). */
export function subjectEntity(ctx: DocContext, sp: SubjectPhrase): EntityAnnotation | null {
  const { tokens } = ctx
  if (sp.kind === 'person') {
    const nameTokens = tokens.slice(sp.start, sp.end).map((t) => t.text)
    const last = nameTokens[nameTokens.length - 1] ?? ''
    return {
      id: `person:${stableHash(nameTokens.join(' '))}`,
      name: displayName(bodySlice(ctx, tokens[sp.start]?.s ?? 0, tokens[sp.end - 1]?.e ?? 0).text),
      nameEn: null, type: 'person', aliases: surnameAlias(ctx, last) ? [last] : [], role: null, affiliation: null, lat: null, lon: null, partOf: null,
      source: 'discovered', ruleId: 'entity.subject-phrase', confidence: 0.6
    }
  }
  if (sp.kind === 'body') {
    // `للجيش اليمني` (issuer after a document) is `الجيش اليمني`
    const first = tokens[sp.start]?.text ?? ''
    const lil = sp.strip > 0 && startsWithLil(first.slice(sp.strip - 1))
    const nameTokens = tokens.slice(sp.start, sp.end).map((t, n) => (n === 0 ? (lil ? 'ال' + t.text.slice(sp.strip + 1) : t.text.slice(sp.strip)) : t.text))
    const shown = bodySlice(ctx, (tokens[sp.start]?.s ?? 0) + sp.strip + (lil ? 1 : 0), tokens[sp.end - 1]?.e ?? 0).text
    return {
      id: `org:${stableHash(nameTokens.join(' '))}`,
      name: displayName((lil ? 'ال' : '') + shown),
      nameEn: null, type: sp.head.cls === 'media' ? 'media' : 'organization', aliases: [], role: null, affiliation: sp.affiliation, lat: null, lon: null,
      partOf: null, source: 'discovered', ruleId: 'entity.subject-phrase', confidence: 0.6
    }
  }
  return null
}

/** Subject-lexicon head of a body mention (KB or discovered) starting at token i, to resolve `وقالت الوزارة`. */
export function headAt(ctx: DocContext, i: number): string | null {
  return trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, i)?.values[0]?.id ?? null
}
