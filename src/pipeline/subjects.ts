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
import { bodySlice, isComplementizer, tokenIs, type DocContext } from './context.js'
import { nameBoundary, nameLike, possessiveAt, surnameLike, type EntityStage } from './entities.js'
import type { SubjectHead } from './kb.js'
import { stableHash } from './overlaps.js'
import type { Cue } from './quotes.js'
import { trieMatchAt } from './trie.js'

export type SubjectPhrase =
  | { kind: 'person'; start: number; end: number; known: string | null }
  /** `وقال الساتي إنه`: a person named by a family name alone whom the article has not introduced: nobody we can name. */
  | { kind: 'unresolved'; start: number; end: number }
  | { kind: 'body'; head: SubjectHead; start: number; end: number; strip: number; affiliation: string | null }
  | { kind: 'anaphor'; head: SubjectHead }
  | { kind: 'anonymous'; head: SubjectHead }
  | { kind: 'document'; head: SubjectHead; definite: boolean; issuer: SubjectPhrase | string | null }

const MAX_MODIFIERS = 6
const QUOTE_GAP = /^\s*["“”«»„‟]\s*$/
/** An indefinite nisba or plural adjective (`إخباري`, `يابانية`, `أوروبيون`): describes, does not name. */
const isGenericAdj = (x: string): boolean => !x.startsWith('ال') && /(ي|يه|يون|يين|يات)$/.test(x)

function isDefiniteForm(text: string, strip: number): boolean {
  return text.slice(strip).startsWith('ال')
}

/** Country (or capital's country) mentioned in a token range, for a discovered body's affiliation. */
function countryIn(ctx: DocContext, ent: EntityStage, a: number, b: number): string | null {
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
  if ((!t.text.startsWith('ال') || t.text.length <= 3) && (w.stopWords.has(t.text) || tokenIs(w.stopWords, t.text))) return true
  // relative pronouns and other closed-class words (`الشركة التي تعتزم…`)
  if (trieMatchAt(kb.subjectTrie, tokens, k, false)?.values.some((v) => v.cls === 'common')) return true
  if (trieMatchAt(kb.speechTrie, tokens, k) || trieMatchAt(kb.dateTrie, tokens, k) || trieMatchAt(kb.titleTrie, tokens, k, false)) return true
  return /[0-9]/.test(t.text)
}

/**
 * Head + modifiers from token i (head match given). Returns the exclusive end, or -1 when the phrase runs past
 * the limit without a boundary (then it is not a phrase we understand).
 */
function readModifiers(ctx: DocContext, ent: EntityStage, headEnd: number, limit: number): number {
  const { tokens } = ctx
  let k = headEnd
  let n = 0
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
    if (phraseStop(ctx, k)) break
    // `القناة والصحيفة`: two bodies coordinated — not one name
    if (t.text.length > 3 && t.text.startsWith('و') && trieMatchAt(ctx.kb.subjectTrie, tokens, k)?.values.some((v) => v.cls === 'organization' || v.cls === 'media')) return -1
    if (++n > MAX_MODIFIERS) return -1
    k++
  }
  return k
}

function readBody(ctx: DocContext, ent: EntityStage, i: number, head: SubjectHead, headEnd: number, strip: number, limit: number): SubjectPhrase | null {
  const { tokens } = ctx
  const end = readModifiers(ctx, ent, headEnd, limit)
  if (end < 0) return null
  const definite = isDefiniteForm(tokens[i]?.text ?? '', strip)
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
export function readIssuer(ctx: DocContext, ent: EntityStage, from: number, limit: number): SubjectPhrase | string | null {
  const { tokens, kb } = ctx
  for (let k = from; k < Math.min(limit, from + 4); k++) {
    const t = tokens[k]
    if (!t || (k > from && t.hardGap)) return null
    const viaAn = t.text === 'عن' || t.text === 'من'
    const at = viaAn ? k + 1 : k
    const lam = !viaAn && (t.text.startsWith('ل') || t.text.startsWith('لل'))
    if (!viaAn && !lam) continue
    const m = ent.mentionAt.get(at)
    if (m) {
      const e = kb.entities.get(m.entityId)
      if (m.ruleId === 'kb.demonym') return null
      if (m.entityId.startsWith('person:') || e?.type === 'person' || e?.type === 'organization' || e?.type === 'media' || e?.type === 'armed_group' || e?.type === 'country') return m.entityId
      return null
    }
    const h = trieMatchAt(kb.subjectTrie, tokens, at)
    const head = h?.values[0]
    if (h && head && (head.cls === 'organization' || head.cls === 'media')) return readBody(ctx, ent, at, head, h.end, h.strip, limit)
    return null
  }
  return null
}

function readPerson(ctx: DocContext, ent: EntityStage, i: number, limit: number, surnames: Map<string, string>): SubjectPhrase | null {
  const { tokens, kb } = ctx
  let k = i
  let afterParticle = false
  let possessive = false
  while (k < limit && k - i < 4) {
    const t = tokens[k]
    if (!t || (k > i && t.hardGap) || ent.mentionAt.has(k)) break
    if (k > i + 1 && possessiveAt(ctx, k)) {
      possessive = true
      break
    }
    if (trieMatchAt(kb.subjectTrie, tokens, k)) break
    // `برودكين متهكما`: an accusative participle describes the manner of speaking, it is not a name part
    if (k > i && t.text.length >= 5 && t.text.startsWith('م') && t.text.endsWith('ا')) break
    if (k > i && !afterParticle && surnameLike(ctx, k)) {
      k++
      break
    }
    if (!nameLike(ctx, k, afterParticle) || t.text.startsWith('لل')) break
    // plural nouns and feminine nisbas are descriptions (`مسؤولون`, `إيرانية`), not name parts
    if ((t.text.length >= 6 && t.text.endsWith('ون')) || (k > i && /(يه|يين|يون)$/.test(t.text))) return null
    afterParticle = kb.words.nameParticles.has(t.text)
    k++
  }
  if (afterParticle) k--
  const n = k - i
  // a family name alone (`وقال الساتي إنه`): the person the article introduced with it, or somebody we cannot name
  if (n === 0 && surnameLike(ctx, i) && (i + 1 >= limit || nameBoundary(ctx, i + 1))) {
    const known = surnames.get(tokens[i]?.text ?? '')
    return known ? { kind: 'person', start: i, end: i + 1, known } : { kind: 'unresolved', start: i, end: i + 1 }
  }
  const closed = possessive || k >= limit || nameBoundary(ctx, k) || (trieMatchAt(kb.subjectTrie, tokens, k)?.strip ?? 0) > 0 || !!trieMatchAt(kb.titleTrie, tokens, k, false) || !!trieMatchAt(kb.dateTrie, tokens, k)
  if (!closed) return null
  if (n === 1) {
    const known = surnames.get(tokens[i]?.text ?? '')
    return known ? { kind: 'person', start: i, end: k, known } : null
  }
  if (n < 2) return null
  return { kind: 'person', start: i, end: k, known: null }
}

/**
 * `خبير الأرصاد الجوية ستيفن كيتس`: a descriptive head whose phrase closes on a name is that person, not an
 * anonymous source. The name must run exactly to the phrase's end.
 */
function trailingName(ctx: DocContext, ent: EntityStage, from: number, limit: number, surnames: Map<string, string>): SubjectPhrase | null {
  const { tokens } = ctx
  let end = from
  while (end < limit && end - from < 10) {
    const t = tokens[end]
    if (!t || (end > from && t.hardGap) || isComplementizer(ctx.kb, t.text) || tokenIs(ctx.kb.words.adjuncts, t.text) || trieMatchAt(ctx.kb.speechTrie, tokens, end)) break
    end++
  }
  for (let p = from + 1; p <= end - 2; p++) {
    if (tokens[p]?.hardGap) return null
    const sp = readPerson(ctx, ent, p, end, surnames)
    if (sp?.kind === 'person' && sp.end === end && !sp.known) return sp
  }
  return null
}

/** Reads the subject phrase of a verb cue (null: nothing this sieve understands). */
export function readSubject(ctx: DocContext, ent: EntityStage, cue: Cue, surnames: Map<string, string>): SubjectPhrase | null {
  const { tokens, kb } = ctx
  const i = cue.subjectStart
  const limit = Math.max(i, cue.subjectEnd)
  const first = tokens[i]
  if (!first || i >= limit || first.sentence !== cue.sentence) return null
  if (first.hardGap && !QUOTE_GAP.test(first.gap)) return null
  if (ent.mentionAt.has(i)) return null
  // only a statement's own subject; `نقل` (reported from someone else) names the channel, not the speaker
  if (cue.quote === null || trieMatchAt(kb.speechTrie, tokens, cue.start)?.values[0]?.report) return null
  const h = trieMatchAt(kb.subjectTrie, tokens, i)
  const head = h?.values[0]
  if (h && head) {
    // `وأضاف لقناة سكاي نيوز`: a head with a preposition is an adjunct, not the subject
    if (h.strip > 0 || head.cls === 'common') return null
    if (head.cls === 'anonymous') return trailingName(ctx, ent, h.end, limit, surnames) ?? { kind: 'anonymous', head }
    if (head.cls === 'document') {
      const definite = isDefiniteForm(first.text, h.strip)
      return { kind: 'document', head, definite, issuer: readIssuer(ctx, ent, h.end, limit) }
    }
    return readBody(ctx, ent, i, head, h.end, h.strip, limit)
  }
  if (trieMatchAt(kb.titleTrie, tokens, i)) return null
  return readPerson(ctx, ent, i, limit, surnames)
}

/** The discovered entity for a person or body phrase (stable id from the normalised name). */
export function subjectEntity(ctx: DocContext, sp: SubjectPhrase): EntityAnnotation | null {
  const { tokens } = ctx
  if (sp.kind === 'person') {
    const nameTokens = tokens.slice(sp.start, sp.end).map((t) => t.text)
    const last = nameTokens[nameTokens.length - 1] ?? ''
    return {
      id: `person:${stableHash(nameTokens.join(' '))}`,
      name: bodySlice(ctx, tokens[sp.start]?.s ?? 0, tokens[sp.end - 1]?.e ?? 0).text,
      nameEn: null, type: 'person', aliases: last.length >= 3 ? [last] : [], role: null, affiliation: null, lat: null, lon: null, partOf: null,
      source: 'discovered', ruleId: 'entity.subject-phrase', confidence: 0.6
    }
  }
  if (sp.kind === 'body') {
    // `للجيش اليمني` (issuer after a document) is `الجيش اليمني`
    const first = tokens[sp.start]?.text ?? ''
    const lil = sp.strip > 0 && first.slice(sp.strip - 1).startsWith('لل')
    const nameTokens = tokens.slice(sp.start, sp.end).map((t, n) => (n === 0 ? (lil ? 'ال' + t.text.slice(sp.strip + 1) : t.text.slice(sp.strip)) : t.text))
    const shown = bodySlice(ctx, (tokens[sp.start]?.s ?? 0) + sp.strip + (lil ? 1 : 0), tokens[sp.end - 1]?.e ?? 0).text
    return {
      id: `org:${stableHash(nameTokens.join(' '))}`,
      name: ((lil ? 'ال' : '') + shown).replace(/["“”«»„‟]/g, '').replace(/\s+/g, ' ').trim(),
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
