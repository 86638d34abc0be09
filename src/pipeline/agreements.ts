/**
 * Agreement references: by name (KB alias), by a generic head or descriptor plus a date that matches a signing
 * date (`المذكرة … المبرمة في ال5 من آذار`), by descriptor alone (the latest such agreement signed before
 * publication), and new named agreements (`اتفاق <place>`, `اتفاق "<name>"`) as discovered records.
 * A bare `الاتفاقيات` identifies nothing and is not linked.
 */
import type { AgreementAnnotation } from '../../schemas/annotations.js'
import { bodySlice, tokenIs, type DocContext } from './context.js'
import type { DateExpr } from './dates.js'
import type { EntityStage } from './mentions.js'
import type { KbAgreement } from './kb.js'
import { stableHash } from './ids.js'
import { normaliseKey } from './normalise.js'
import { trieMatchAt } from './trie.js'

export interface AgreementHit {
  agreementId: string
  s: number
  e: number
  ruleId: string
  confidence: number
}

export interface AgreementStage {
  hits: AgreementHit[]
  discovered: Map<string, AgreementAnnotation>
}

const DATE_WINDOW = 14
const NAMING_PLACE_TYPES = new Set(['city', 'town', 'region', 'village', 'governorate'])

function signedWithin(a: KbAgreement, d: DateExpr): boolean {
  return a.signedOn !== null && a.signedOn >= d.value.start && a.signedOn <= d.value.end
}

/** Picks one agreement among candidates using parties and places named in the same sentence. */
function bestByContext(ctx: DocContext, ent: EntityStage, sentence: number, cands: KbAgreement[]): KbAgreement | null {
  if (cands.length <= 1) return cands[0] ?? null
  const named = new Set(ent.mentions.filter((m) => ctx.tokens[m.start]?.sentence === sentence).map((m) => m.entityId))
  const scored = cands.map((a) => ({ a, n: [...a.partyIds, a.placeId].filter((x) => x && named.has(x)).length })).sort((x, y) => y.n - x.n)
  const [top, second] = scored
  if (!top || (second && second.n === top.n)) return null
  return top.a
}

function dateAfter(dates: DateExpr[], tokenEnd: number, sentence: number): DateExpr | undefined {
  return dates.find((d) => d.sentence === sentence && d.start >= tokenEnd && d.start - tokenEnd <= DATE_WINDOW)
}

/** How close after an accord noun a full date may stand and be its signing date without a word of signing. */
const BARE_DATE_REACH = 3

/**
 * A date after a generic accord noun is its signing date when a word of signing stands between them (`الاتفاق الذي
 * تم التوصل إليه الشهر الماضي`, `المذكرة المبرمة في ال5 من آذار`) or when it is a full day right after it (`اتفاق 17
 * أيلول`): `الاتفاقيات … في يونيو` or `إعلان … الأسبوع الماضي` date something else.
 */
function signingDate(ctx: DocContext, date: DateExpr | undefined, headEnd: number): DateExpr | undefined {
  if (!date) return undefined
  if (date.value.precision === 'day' && date.start - headEnd <= BARE_DATE_REACH) return date
  for (let k = headEnd; k < date.start; k++) if (tokenIs(ctx.kb.words.agreementSigning, ctx.tokens[k]?.text ?? '')) return date
  return undefined
}

/** How many words after `بين` the parties of an accord may take. */
const PARTIES_REACH = 8

/**
 * `الاتفاق بين موسكو وأنقرة`, `الاتفاق الموقع بين الحكومة والمعارضة`: the parties named after `بين` (a capital stands
 * for its country), at least two, before punctuation ends the phrase.
 */
function betweenParties(ctx: DocContext, ent: EntityStage, headEnd: number): { ids: string[]; end: number } | null {
  const { tokens, kb } = ctx
  let k = headEnd
  // past a participle of signing (`الموقع`, `المبرم`) to the preposition
  while (k < headEnd + 2 && tokens[k] && !tokens[k]?.hardGap && tokenIs(kb.words.agreementSigning, tokens[k]?.text ?? '')) k++
  const between = tokens[k]
  if (!between || between.hardGap || !tokenIs(kb.words.agreementParties, between.text)) return null
  const ids: string[] = []
  let end = k + 1
  for (let j = k + 1; j < Math.min(tokens.length, k + 1 + PARTIES_REACH); j++) {
    const t = tokens[j]
    if (!t || t.hardGap || t.sentence !== between.sentence) break
    const m = ent.mentionAt.get(j)
    if (!m) continue
    const e = kb.entities.get(m.entityId)
    const id = e?.type === 'place' ? e.capitalOf : m.entityId
    if (id && !ids.includes(id)) ids.push(id)
    end = m.end
    j = m.end - 1
  }
  return ids.length >= 2 ? { ids, end } : null
}

/**
 * Of the accords between the same parties, the one on the article's subject, in force at its date: signed before
 * publication, most of the places the article names in its own words (`إدلب` is in the Sochi memorandum's, not in
 * the 2019 accord on the north-east), then the latest.
 */
function onSubject(ctx: DocContext, ent: EntityStage, cands: KbAgreement[]): KbAgreement | null {
  const pub = ctx.pubDate
  if (!pub) return null
  const places = new Set(ent.mentions.map((m) => m.entityId).filter((id) => ctx.kb.entities.get(id)?.type === 'place'))
  const score = (a: KbAgreement): number => {
    const words = normaliseKey([a.name, ...a.aliases, ...a.descriptors, ...a.provisions].join(' '))
    let n = 0
    for (const id of places) {
      const e = ctx.kb.entities.get(id)
      if (e && [e.name, ...e.aliases].some((x) => words.includes(normaliseKey(x)))) n++
    }
    return n
  }
  const ok = cands.filter((a) => a.signedOn !== null && a.signedOn <= pub)
  ok.sort((x, y) => score(y) - score(x) || (y.signedOn ?? '').localeCompare(x.signedOn ?? ''))
  return ok[0] ?? null
}

/** Whether a party named in the text is an accord's party: the same entity, or one affiliated with it. */
function sameParty(ctx: DocContext, named: string, party: string): boolean {
  if (named === party) return true
  const a = ctx.kb.entities.get(named)?.affiliation
  const b = ctx.kb.entities.get(party)?.affiliation
  return a === party || b === named
}

function latestBefore(cands: KbAgreement[], pub: string | null): KbAgreement | null {
  if (!pub) return null
  const ok = cands.filter((a) => a.signedOn !== null && a.signedOn <= pub).sort((x, y) => (y.signedOn ?? '').localeCompare(x.signedOn ?? ''))
  return ok[0] ?? null
}

function discover(ctx: DocContext, ent: EntityStage, i: number, headEnd: number, strip: number): { record: AgreementAnnotation; end: number } | null {
  const { tokens, kb } = ctx
  const next = tokens[headEnd]
  if (!next || next.sentence !== tokens[i]?.sentence) return null
  const m = ent.mentionAt.get(headEnd)
  let end = headEnd
  let placeId: string | null = null
  if (m && !next.hardGap) {
    const e = kb.entities.get(m.entityId)
    if (!e || e.type !== 'place' || !NAMING_PLACE_TYPES.has(e.placeType ?? '')) return null
    placeId = e.id
    end = m.end
  } else if (/["“«]\s*$/.test(next.gap)) {
    let k = headEnd
    while (k < tokens.length && k - headEnd < 5 && !(tokens[k + 1]?.gap ?? '').match(/["”»]/)) k++
    if (!(tokens[k + 1]?.gap ?? '').match(/["”»]/) && !(tokens[k + 1] === undefined)) return null
    end = k + 1
  } else return null
  // without the proclitics the head noun carried (`واتفاق`, `باتفاقية`)
  const s = (tokens[i]?.s ?? 0) + strip
  const e = tokens[end - 1]?.e ?? s
  const { text } = bodySlice(ctx, s, e)
  const key = tokens.slice(i, end).map((t, n) => (n === 0 ? t.text.slice(strip) : t.text)).join(' ')
  const record: AgreementAnnotation = {
    id: `agreement:${stableHash(key)}`,
    name: text,
    nameEn: null,
    signedOn: null,
    placeId,
    partyIds: [],
    provisions: [],
    aliases: [],
    source: 'discovered'
  }
  return { record, end }
}

export function findAgreements(ctx: DocContext, ent: EntityStage, dates: DateExpr[]): AgreementStage {
  const { tokens, kb } = ctx
  const hits: AgreementHit[] = []
  const discovered = new Map<string, AgreementAnnotation>()
  const all = [...kb.agreements.values()]
  for (let i = 0; i < tokens.length; i++) {
    const sentence = tokens[i]?.sentence ?? 0
    const named = trieMatchAt(kb.agreementTrie, tokens, i)
    const head = named ? null : trieMatchAt(kb.agreementHeadTrie, tokens, i)
    if (!named && !head) continue
    const end = (named ?? head)?.end ?? i + 1
    const s = (tokens[i]?.s ?? 0) + ((named ?? head)?.strip ?? 0)
    const e = tokens[end - 1]?.e ?? s
    const date = dateAfter(dates, end, sentence)
    const signed = named ? undefined : signingDate(ctx, date, end)
    const byDate = signed ? all.filter((a) => signedWithin(a, signed)) : []
    if (named) {
      const exact = named.values.filter((v) => !v.descriptor).map((v) => kb.agreements.get(v.agreementId)).filter((a): a is KbAgreement => !!a)
      const desc = named.values.filter((v) => v.descriptor).map((v) => kb.agreements.get(v.agreementId)).filter((a): a is KbAgreement => !!a)
      let chosen: KbAgreement | null = null
      let ruleId = 'agreement.name'
      if (exact.length) chosen = exact.length === 1 ? (exact[0] ?? null) : latestBefore(exact, ctx.pubDate)
      else {
        const dated = desc.filter((a) => date && signedWithin(a, date))
        if (dated.length) {
          chosen = bestByContext(ctx, ent, sentence, dated)
          ruleId = 'agreement.descriptor-date'
        } else if (!date) {
          chosen = latestBefore(desc, ctx.pubDate)
          ruleId = 'agreement.descriptor-latest'
        }
      }
      if (chosen) hits.push({ agreementId: chosen.id, s, e: date && ruleId !== 'agreement.name' ? date.e : e, ruleId, confidence: ruleId === 'agreement.name' ? 0.95 : 0.75 })
      i = end - 1
      continue
    }
    if (byDate.length) {
      const chosen = bestByContext(ctx, ent, sentence, byDate)
      if (chosen && signed) hits.push({ agreementId: chosen.id, s, e: signed.e, ruleId: 'agreement.head-date', confidence: 0.7 })
      i = end - 1
      continue
    }
    const byParties = betweenParties(ctx, ent, end)
    if (byParties) {
      const chosen = onSubject(ctx, ent, all.filter((a) => byParties.ids.every((p) => a.partyIds.some((q) => sameParty(ctx, p, q)))))
      if (chosen) {
        hits.push({ agreementId: chosen.id, s, e: tokens[byParties.end - 1]?.e ?? e, ruleId: 'agreement.parties', confidence: 0.65 })
        i = byParties.end - 1
        continue
      }
    }
    const found = discover(ctx, ent, i, end, head?.strip ?? 0)
    if (found) {
      discovered.set(found.record.id, found.record)
      const fe = tokens[found.end - 1]?.e ?? e
      hits.push({ agreementId: found.record.id, s, e: fe, ruleId: 'agreement.discovered-name', confidence: 0.6 })
      i = found.end - 1
    }
  }
  return { hits, discovered }
}
