/**
 * Entity mentions: knowledge-base aliases (longest match, proclitics allowed), and people the KB has never heard
 * of, found by a title pattern (`وزير الخارجية الإيراني عباس عراقجي`, `المتحدث باسم الحزب، فلان الفلاني`).
 * Discovered names then match again on their own (full name and surname) further down the article.
 */
import type { EntityAnnotation } from '../../schemas/annotations.js'
import { bodySlice, isComplementizer, speechCueAt, tokenIs, type DocContext } from './context.js'
import { displayName, givenNameAt, nameBoundary, nameEvidence, readNameRun, surnameLike } from './names.js'
import { normaliseKey } from './normalise.js'
import { stableHash } from './ids.js'
import { resolveOverlaps } from './overlaps.js'
import { keyTokens, newTrie, trieInsert, trieMatchAt, trieScan, type TrieMatch } from './trie.js'
import { CONTEXT_ALIAS_RULE, DEMONYM_RULE, type EntityKey, type TitleKey } from './kb.js'
import { readSubject, speechSlot, subjectEntity, type MentionView, type SubjectPhrase } from './subjects.js'

export interface TokMention {
  entityId: string
  /** Token range [start, end). */
  start: number
  end: number
  /** Normalised offsets, proclitics excluded. */
  s: number
  e: number
  ruleId: string
  priority: number
}

/** A title phrase seen with a name: lets a later bare role (`مدير مركز حميميم`, `المدرب البرتغالي`) stand for the person. */
export interface RoleRecord {
  tokens: string[]
  personId: string
  /** The title lexicon entry the phrase starts with (`title.coach`). */
  titleId: string
  /** The country or body the phrase names (`مدرب مانشستر يونايتد` → the club), if any. */
  affiliation: string | null
  /** Token index where the phrase starts. */
  pos: number
}

export interface EntityStage {
  mentions: TokMention[]
  discovered: Map<string, EntityAnnotation>
  /** Discovered people the text shows to be women (a feminine verb or title introduced them). */
  female: Set<string>
  roles: RoleRecord[]
  /** Token index → mention starting there. */
  mentionAt: Map<number, TokMention>
}

const isDefinite = (t: string): boolean => t.length > 3 && (t.startsWith('ال') || t.startsWith('وال') || t.startsWith('بال') || t.startsWith('لل'))
const COMMA_GAP = /^[\s]*[،,][\s]*$/

/**
 * `تركي المالكي`, `تركي بن عبدالله`: a demonym that is also a given name, followed by a family name or a genealogy,
 * is a person's name, not "Turkish".
 */
function demonymAsName(ctx: DocContext, start: number, end: number, ruleId: string | undefined): boolean {
  if (ruleId !== DEMONYM_RULE || end !== start + 1) return false
  const w = ctx.kb.words
  const x = ctx.tokens[start]?.text ?? ''
  const next = ctx.tokens[end]
  if (x.startsWith('ال') || !(w.givenNames.has(x) || w.ambiguousNames.has(x)) || !next || next.hardGap || next.sentence !== ctx.tokens[start]?.sentence) return false
  return (w.nameParticles.has(next.text) && next.text !== 'ال') || surnameLike(ctx, end)
}

/** The country an entity belongs to: itself, the country a place lies in, or a body's or person's affiliation. */
function countryOf(ctx: DocContext, id: string): string | null {
  let e = ctx.kb.entities.get(id)
  for (let depth = 0; e && depth < 6; depth++) {
    if (e.type === 'country') return e.id
    const up = e.partOf ?? e.affiliation
    e = up ? ctx.kb.entities.get(up) : undefined
  }
  return null
}

/** Whether a head noun stands right before token i (`مدينة الخبر`, `نادي الهلال`, `صحيفة الوطن`). */
function headBefore(ctx: DocContext, i: number): boolean {
  const t = ctx.tokens[i]
  const prev = ctx.tokens[i - 1]
  if (!t || !prev || t.hardGap || prev.sentence !== t.sentence) return false
  if (tokenIs(ctx.kb.words.placeHeads, prev.text)) return true
  const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, i - 1)
  return !!h && h.end === i && (h.values[0]?.cls === 'organization' || h.values[0]?.cls === 'media')
}

/**
 * Knowledge-base mentions. Where one name belongs to several entities (namesakes: `طرابلس`, `أريحا`), the one whose
 * country the article names elsewhere wins, then the one for which it is a plain alias. A context alias (a name that
 * is also a common word, see CONTEXT_ALIAS_RULE) counts only after a head noun or where the article also names the
 * entity plainly.
 */
function kbMentions(ctx: DocContext): TokMention[] {
  const matches = trieScan(ctx.kb.entityTrie, ctx.tokens).filter((m) => !demonymAsName(ctx, m.start, m.end, m.values[0]?.ruleId))
  const plain = new Set<string>()
  const countries = new Set<string>()
  for (const m of matches) {
    const ids = new Set(m.values.filter((v) => v.ruleId !== CONTEXT_ALIAS_RULE).map((v) => v.entityId))
    if (ids.size !== 1) continue
    const id = [...ids][0] ?? ''
    plain.add(id)
    const c = countryOf(ctx, id)
    if (c) countries.add(c)
  }
  const out: TokMention[] = []
  for (const m of matches) {
    const score = (v: EntityKey): number => (countries.has(countryOf(ctx, v.entityId) ?? '') ? 2 : 0) + (v.ruleId === CONTEXT_ALIAS_RULE ? 0 : 1)
    const key = [...m.values].sort((a, b) => score(b) - score(a))[0]
    if (!key) continue
    if (key.ruleId === CONTEXT_ALIAS_RULE && !headBefore(ctx, m.start) && !plain.has(key.entityId)) continue
    const first = ctx.tokens[m.start]
    const last = ctx.tokens[m.end - 1]
    out.push({ entityId: key.entityId, start: m.start, end: m.end, s: (first?.s ?? 0) + m.strip, e: last?.e ?? 0, ruleId: key.ruleId, priority: 2 })
  }
  return out
}

interface TitledName {
  titleStart: number
  roleEnd: number
  nameStart: number
  nameEnd: number
  titleId: string
  /** The title is a feminine form (`وزيرة`, `المتحدثة`). */
  feminine: boolean
  orgEntity: string | null
  kbPerson: string | null
}

/** Title, then an organisation/adjective phrase, then (after at most one comma) a name. */
function readTitledName(ctx: DocContext, i: number, mentionAt: Map<number, TokMention>): TitledName | null {
  const { tokens, kb } = ctx
  const title = trieMatchAt(kb.titleTrie, tokens, i)
  if (!title) return null
  const sentence = tokens[i]?.sentence
  let j = title.end
  let orgEntity: string | null = null
  let linked = false
  for (let steps = 0; j < tokens.length && steps < 10; steps++) {
    const t = tokens[j]
    if (!t || t.sentence !== sentence) return null
    if (t.hardGap) break
    const km = mentionAt.get(j)
    if (km) {
      if (kb.entities.get(km.entityId)?.type === 'person') break
      orgEntity ??= km.entityId
      j = km.end
      continue
    }
    const tm = trieMatchAt(kb.titleTrie, tokens, j)
    if (tm) {
      j = tm.end
      continue
    }
    // definite modifiers, place heads (`حاكم منطقة سوروتش`) and organisation heads, with a preposition too
    // (`لهيئة الهلال الأحمر`, `لشركة`)
    const head = trieMatchAt(kb.subjectTrie, tokens, j)?.values[0]?.cls
    if (isDefinite(t.text) || tokenIs(kb.words.orgHeads, t.text) || tokenIs(kb.words.placeHeads, t.text) || head === 'organization' || head === 'media') {
      j++
      continue
    }
    // `… في ولاية ريو`, `… في الاتحاد الأوروبي`: the role goes on after a preposition (not right after the title)
    if (j > title.end && kb.words.roleLinkers.has(t.text)) {
      linked = true
      j++
      continue
    }
    break
  }
  const hit = nameAfterRole(ctx, i, title, j, orgEntity, linked, mentionAt)
  if (hit) return hit
  // `الرئيس التنفيذي لشركة أوبر، دارا خسرو شاهي`: the role runs on through words the loop cannot read (a body's own
  // name) to a comma, and the name follows it in apposition
  for (let c = j + 1; c <= j + ROLE_RUN_ON && c < tokens.length; c++) {
    const t = tokens[c]
    if (!t || t.sentence !== sentence) break
    if (t.hardGap) return COMMA_GAP.test(t.gap) ? nameAfterRole(ctx, i, title, c, orgEntity, linked, mentionAt) : null
    if (isComplementizer(kb, t.text) || tokenIs(kb.words.stopWords, t.text) || trieMatchAt(kb.speechTrie, tokens, c)) break
  }
  return null
}

/** How many words a role phrase may run on past what the title reader understands, up to a comma before the name. */
const ROLE_RUN_ON = 4

/** The name at token j after the role phrase that began at i (after at most one comma). */
function nameAfterRole(
  ctx: DocContext,
  i: number,
  title: TrieMatch<TitleKey>,
  j: number,
  orgEntity: string | null,
  linked: boolean,
  mentionAt: Map<number, TokMention>
): TitledName | null {
  const { tokens, kb } = ctx
  const sentence = tokens[i]?.sentence
  const first = tokens[j]
  if (!first || first.sentence !== sentence) return null
  if (first.hardGap && !COMMA_GAP.test(first.gap)) return null
  const titleId = title.values[0]?.id ?? 'title'
  const feminine = title.values[0]?.feminine ?? false
  const km = mentionAt.get(j)
  if (km && kb.entities.get(km.entityId)?.type === 'person') {
    return { titleStart: i, roleEnd: j, nameStart: j, nameEnd: km.end, titleId, feminine, orgEntity, kbPerson: km.entityId }
  }
  const run = readNameRun(ctx, j, tokens.length, (k) => mentionAt.has(k))
  const k = run?.end ?? j
  const possessive = run?.possessive ?? false
  if (k - j < 2 || (!possessive && !nameBoundary(ctx, k))) return null
  // An organisation or place phrase the loop above could not see (indefinite words: `رئيس مجلس قروي قصرة`,
  // `المدير الفني لبرشلونة`) runs into the name: when the run does not open with a listed name (given or ambiguous)
  // and is not a genealogy (`ماجد بن عبدالله القصبي`), but a given name follows with at least two words from it, the
  // name starts there and the words before it are part of the role. A father's name after an unlisted given name
  // (`كوامي أنتوني أبياه`) is the price: the given-name list is what tells the two apart.
  const w = kb.words
  const listedName = (p: number): boolean => givenNameAt(ctx, p) || w.ambiguousNames.has(tokens[p]?.text ?? '')
  const genealogy = (from: number) => {
    for (let p = from + 1; p < k - 1; p++) if (w.nameParticles.has(tokens[p]?.text ?? '')) return true
    return false
  }
  let start = j
  if (k - j >= 3 && !listedName(j) && !genealogy(j)) {
    for (let p = j + 1; p <= k - 2; p++) {
      if (givenNameAt(ctx, p)) {
        start = p
        break
      }
    }
  }
  // a title that is also a common noun (`الفريق`: the team) needs the name to be one; so does a role read on past a
  // preposition (`في خطاب متلفز`, `في منطقة نجران` are circumstances as often as parts of a role)
  if ((title.values[0]?.needsGivenName || linked) && !givenNameAt(ctx, start) && !genealogy(start)) return null
  // a title is evidence that a person follows, not that these words are the name (`الرئيس وجه بالاستمرار`)
  if (!nameEvidence(ctx, start, k)) return null
  return { titleStart: i, roleEnd: start, nameStart: start, nameEnd: k, titleId, feminine, orgEntity, kbPerson: null }
}

function discoveredPerson(ctx: DocContext, hit: TitledName): EntityAnnotation {
  const { tokens } = ctx
  const nameTokens = tokens.slice(hit.nameStart, hit.nameEnd).map((t) => t.text)
  const key = nameTokens.join(' ')
  const name = displayName(bodySlice(ctx, tokens[hit.nameStart]?.s ?? 0, tokens[hit.nameEnd - 1]?.e ?? 0).text)
  const role = bodySlice(ctx, tokens[hit.titleStart]?.s ?? 0, tokens[hit.roleEnd - 1]?.e ?? 0).text
  return {
    id: `person:${stableHash(key)}`,
    name,
    nameEn: null,
    type: 'person',
    aliases: surnameKeys(nameTokens).filter((s) => s !== key),
    role: role || null,
    affiliation: hit.orgEntity,
    lat: null,
    lon: null,
    partOf: null,
    source: 'discovered',
    ruleId: `entity.${hit.titleId}`,
    confidence: 0.7
  }
}

/** Short forms a discovered name is later found under: the surname (two tokens for `… أوغلو`). */
function surnameKeys(nameTokens: string[]): string[] {
  const last = nameTokens[nameTokens.length - 1] ?? ''
  if (nameTokens.length >= 3 && last === 'اوغلو') return [nameTokens.slice(-2).join(' ')]
  return last.length >= 3 ? [last] : []
}

/** Collects what the discovery passes find: entities, their mentions and roles, and the forms to find them again. */
class Discoveries {
  readonly discovered = new Map<string, EntityAnnotation>()
  readonly female = new Set<string>()
  readonly roles: RoleRecord[] = []
  readonly named: TokMention[] = []
  readonly aliases = newTrie<string>()

  constructor(private readonly ctx: DocContext) {}

  add(ent: EntityAnnotation, start: number, end: number, strip = 0): void {
    const { tokens } = this.ctx
    if (!this.discovered.has(ent.id)) this.discovered.set(ent.id, ent)
    const full = tokens.slice(start, end).map((t, n) => (n === 0 ? t.text.slice(strip) : t.text))
    trieInsert(this.aliases, full, ent.id)
    for (const a of ent.aliases) trieInsert(this.aliases, keyTokens(normaliseKey(a)), ent.id)
    this.named.push({ entityId: ent.id, start, end, s: (tokens[start]?.s ?? 0) + strip, e: tokens[end - 1]?.e ?? 0, ruleId: ent.ruleId, priority: 1 })
  }

  /** A mention of an entity already known (a description resolved to it): no new entity, no new alias. */
  refer(entityId: string, start: number, end: number, strip: number, ruleId: string): TokMention {
    const { tokens } = this.ctx
    const m = { entityId, start, end, s: (tokens[start]?.s ?? 0) + strip, e: tokens[end - 1]?.e ?? 0, ruleId, priority: 1 }
    this.named.push(m)
    return m
  }

  /** The discovered entity a single word already names (a surname introduced with its full name). */
  known(k: number): string | null {
    return trieMatchAt(this.aliases, this.ctx.tokens, k, false)?.values[0] ?? null
  }
}

/** People and bodies in subject position after speech verbs (`وقال مورينيو:`, `وأكدت شركة الاتحاد`, `بيان للجيش اليمني`). */
function speechSubjects(ctx: DocContext, view: MentionView, found: Discoveries): void {
  const { tokens } = ctx
  for (let i = 0; i < tokens.length; i++) {
    const m = speechCueAt(ctx, i)
    if (!m) continue
    const cue = m.values[0]
    i = m.end - 1
    if (!cue || cue.kind !== 'verb') continue
    const slot = speechSlot(ctx, m.end, tokens[m.start]?.sentence ?? -1, view.mentionAt)
    const sp = readSubject(ctx, view, slot)
    const phrase = sp?.kind === 'document' && sp.issuer && typeof sp.issuer !== 'string' ? sp.issuer : sp
    if (!phrase || (phrase.kind !== 'person' && phrase.kind !== 'body')) continue
    // a verb that reports nothing here (`رفضوا قبول هذه الفكرة`) may have an object after it rather than a subject:
    // a name is then no evidence (a body's head noun is)
    if (phrase.kind === 'person' && !slot.reports) continue
    if (phrase.kind === 'person' && phrase.end - phrase.start === 1 && found.known(phrase.start)) continue
    const antecedent = phrase.kind === 'body' ? describedBody(ctx, view, found, phrase) : null
    if (antecedent && phrase.kind === 'body') {
      view.mentionAt.set(phrase.start, found.refer(antecedent, phrase.start, phrase.end, phrase.strip, DESCRIPTION_RULE))
      continue
    }
    const ent = subjectEntity(ctx, phrase)
    if (!ent) continue
    found.add(ent, phrase.start, phrase.end, phrase.kind === 'body' ? phrase.strip : 0)
    if (phrase.kind === 'person' && cue.feminine) found.female.add(ent.id)
    view.mentionAt.set(phrase.start, found.named[found.named.length - 1] as TokMention)
  }
}

/** Rule id of a description resolved to a body the article named (`الوكالة الإيرانية` → IRNA). */
export const DESCRIPTION_RULE = 'entity.description'

/** The head word of a body name, without article or proclitic (`للبعثة` → `بعثة`). */
function headWord(text: string): string {
  const w = /^[وف](?:ال|لل|بال)/.test(text) ? text.slice(1) : text
  return w.replace(/^(?:لل|بال|ال)/, '')
}

/**
 * `الوكالة الإيرانية`, `للبعثة الأممية`: a definite head with only adjectives after it describes a body rather than
 * naming one; it is the body of that kind (same head word) the article named before, of the same country when the
 * description gives one. Null when there is none (the description then names a body of its own).
 */
function describedBody(ctx: DocContext, view: MentionView, found: Discoveries, sp: Extract<SubjectPhrase, { kind: 'body' }>): string | null {
  const { tokens, kb } = ctx
  const first = tokens[sp.start]?.text ?? ''
  if (!first.slice(sp.strip).startsWith('ال') && !first.slice(sp.strip - 1 < 0 ? 0 : sp.strip - 1).startsWith('لل')) return null
  let country: string | null = null
  for (let k = sp.start + 1; k < sp.end; k++) {
    const m = view.mentionAt.get(k)
    if (m?.ruleId === DEMONYM_RULE) {
      country = m.entityId
      k = m.end - 1
      continue
    }
    // only adjectives: a definite nisba (`الأممية`, `الرسمية`); anything else names the body
    if (m || !/^ال.+(ي|يه)$/.test(tokens[k]?.text ?? '')) return null
  }
  const head = headWord(first)
  const bodyTypes = new Set(['organization', 'media', 'armed_group'])
  let best: TokMention | null = null
  for (const m of [...view.mentions, ...found.named]) {
    if (m.start >= sp.start || (best && m.start < best.start)) continue
    const e = kb.entities.get(m.entityId)
    const d = found.discovered.get(m.entityId)
    const type = e?.type ?? d?.type
    if (!type || !bodyTypes.has(type)) continue
    const names = [tokens[m.start]?.text.slice(m.s - (tokens[m.start]?.s ?? 0)) ?? '', ...(e ? [e.name, ...e.aliases] : [])]
    if (!names.some((n) => headWord(normaliseKey(n).split(' ')[0] ?? '') === head)) continue
    const aff = e?.affiliation ?? d?.affiliation ?? null
    if (country && aff !== country && kb.entities.get(aff ?? '')?.affiliation !== country) continue
    best = m
  }
  return best?.entityId ?? null
}

export function findEntities(ctx: DocContext): EntityStage {
  const { tokens } = ctx
  const kbm = kbMentions(ctx)
  const mentionAt = new Map(kbm.map((m) => [m.start, m]))
  const found = new Discoveries(ctx)
  for (let i = 0; i < tokens.length; i++) {
    if (mentionAt.has(i) && ctx.kb.entities.get(mentionAt.get(i)?.entityId ?? '')?.type !== 'person' && !trieMatchAt(ctx.kb.titleTrie, tokens, i)) continue
    const hit = readTitledName(ctx, i, mentionAt)
    if (!hit) continue
    let personId = hit.kbPerson
    if (!personId) {
      const ent = discoveredPerson(ctx, hit)
      personId = ent.id
      found.add(ent, hit.nameStart, hit.nameEnd)
      if (hit.feminine) found.female.add(ent.id)
      mentionAt.set(hit.nameStart, found.named[found.named.length - 1] as TokMention)
    }
    const roleTokens = tokens.slice(hit.titleStart, hit.roleEnd).map((t) => t.text)
    if (roleTokens.length) found.roles.push({ tokens: roleTokens, personId, titleId: hit.titleId, affiliation: hit.orgEntity, pos: hit.titleStart })
    i = hit.nameEnd - 1
  }
  speechSubjects(ctx, { mentions: kbm, mentionAt }, found)
  // later mentions of discovered people and bodies (full name or surname)
  const later: TokMention[] = trieScan(found.aliases, tokens).map((m) => ({
    entityId: m.values[0] ?? '',
    start: m.start,
    end: m.end,
    s: (tokens[m.start]?.s ?? 0) + m.strip,
    e: tokens[m.end - 1]?.e ?? 0,
    ruleId: 'entity.discovered-alias',
    priority: 0
  }))
  const mentions = resolveOverlaps([...kbm, ...found.named, ...later])
  return { mentions, discovered: found.discovered, female: found.female, roles: found.roles, mentionAt: new Map(mentions.map((m) => [m.start, m])) }
}
