/**
 * Entity mentions: knowledge-base aliases (longest match, proclitics allowed), and people the KB has never heard
 * of, found by a title pattern (`وزير الخارجية الإيراني عباس عراقجي`, `المتحدث باسم الحزب، فلان الفلاني`).
 * Discovered names then match again on their own (full name and surname) further down the article.
 */
import type { EntityAnnotation } from '../../schemas/annotations.js'
import { bodySlice, isComplementizer, tokenIs, type DocContext } from './context.js'
import { normaliseKey } from './normalise.js'
import { resolveOverlaps, stableHash } from './overlaps.js'
import { keyTokens, newTrie, trieInsert, trieMatchAt, trieScan } from './trie.js'
import { DEMONYM_RULE } from './kb.js'
import { DELETED_PATTERN } from '../text/letters.js'

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

/** A title phrase seen with a name: lets a later bare role (`مدير مركز حميميم`) stand for the person. */
export interface RoleRecord {
  tokens: string[]
  personId: string
}

export interface EntityStage {
  mentions: TokMention[]
  discovered: Map<string, EntityAnnotation>
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

function kbMentions(ctx: DocContext): TokMention[] {
  return trieScan(ctx.kb.entityTrie, ctx.tokens).filter((m) => !demonymAsName(ctx, m.start, m.end, m.values[0]?.ruleId)).map((m) => {
    const first = ctx.tokens[m.start]
    const last = ctx.tokens[m.end - 1]
    const key = m.values[0]
    return {
      entityId: key?.entityId ?? '',
      start: m.start,
      end: m.end,
      s: (first?.s ?? 0) + m.strip,
      e: last?.e ?? 0,
      ruleId: key?.ruleId ?? 'kb.alias',
      priority: 2
    }
  })
}

/** Could token k be part of a personal name? */
export function nameLike(ctx: DocContext, k: number, afterParticle: boolean): boolean {
  const t = ctx.tokens[k]
  if (!t) return false
  const w = ctx.kb.words
  const x = t.text
  if (x.length < 2 || /[0-9]/.test(x)) return false
  if (!afterParticle && x.startsWith('ال')) return false
  if (w.stopWords.has(x) || w.adjuncts.has(x) || w.orgHeads.has(x) || tokenIs(w.stopWords, x)) return false
  if (isComplementizer(ctx.kb, x)) return false
  if (trieMatchAt(ctx.kb.speechTrie, ctx.tokens, k) || trieMatchAt(ctx.kb.titleTrie, ctx.tokens, k, false)) return false
  if (trieMatchAt(ctx.kb.dateTrie, ctx.tokens, k) || trieMatchAt(ctx.kb.eventTrie, ctx.tokens, k)) return false
  return true
}

/**
 * A definite family name closing a name (`راشد الزهراني`, `محمد المومني`): a nisba in ـي that is not a known
 * word (demonyms and KB names are mentions, so `وزير الخارجية الأمريكي` is never read as a name).
 */
export function surnameLike(ctx: DocContext, k: number): boolean {
  const x = ctx.tokens[k]?.text ?? ''
  if (!x.startsWith('ال') || x.length < 5 || !x.endsWith('ي')) return false
  if (trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, k, false)) return false
  return nameLike(ctx, k, true)
}

/** Tokens that may follow a name: end, punctuation, or a function word / verb. */
export function nameBoundary(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  if (!t || t.hardGap) return true
  const w = ctx.kb.words
  return w.stopWords.has(t.text) || tokenIs(w.adjuncts, t.text) || isComplementizer(ctx.kb, t.text) || !!trieMatchAt(ctx.kb.speechTrie, ctx.tokens, k)
}

/** Tokens that begin a compound given name (`عبد الله`, `أبو بكر`) when written apart. */
const NAME_OPENERS = new Set(['عبد', 'ابو'])

/**
 * Evidence that a personal name starts at token k: a listed given name (Arabic or foreign, never one that is also a
 * common word), or a compound name (`عبدالعظيم`, `عبد الله`, `أبو بكر`).
 */
export function givenNameAt(ctx: DocContext, k: number): boolean {
  const x = ctx.tokens[k]?.text ?? ''
  return ctx.kb.words.givenNames.has(x) || NAME_OPENERS.has(x) || (x.startsWith('عبد') && x.length > 4)
}

/**
 * A noun carrying a possessive pronoun (`زيارته`, `حكومتها`, `سفيرها`, `نفسها`) is never part of a personal name: it
 * ends one (`سمير جعجع زيارته` is Samir Geagea). Normalised text cannot tell `ـته` (his …) from a name in `ـتة`
 * (`شحاتة`), so that ending is checked in the body.
 */
export function possessiveAt(ctx: DocContext, k: number): boolean {
  const t = ctx.tokens[k]
  if (!t) return false
  const x = t.text
  if (/(تها|تهم|تهما)$/.test(x) || (x.length >= 5 && x.endsWith('ها'))) return true
  return x.length >= 4 && x.endsWith('ته') && bodySlice(ctx, t.s, t.e).text.replace(DELETED_PATTERN, '').slice(-1) !== 'ة'
}

interface TitledName {
  titleStart: number
  roleEnd: number
  nameStart: number
  nameEnd: number
  titleId: string
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
    if (isDefinite(t.text) || tokenIs(kb.words.orgHeads, t.text)) {
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
  const first = tokens[j]
  if (!first || first.sentence !== sentence) return null
  if (first.hardGap && !COMMA_GAP.test(first.gap)) return null
  const titleId = title.values[0]?.id ?? 'title'
  const km = mentionAt.get(j)
  if (km && kb.entities.get(km.entityId)?.type === 'person') {
    return { titleStart: i, roleEnd: j, nameStart: j, nameEnd: km.end, titleId, orgEntity, kbPerson: km.entityId }
  }
  let k = j
  let afterParticle = false
  let possessive = false
  while (k < tokens.length && k - j < 4) {
    if (k > j && tokens[k]?.hardGap) break
    if (mentionAt.has(k)) break
    if (k > j + 1 && possessiveAt(ctx, k)) {
      possessive = true
      break
    }
    if (k > j && !afterParticle && surnameLike(ctx, k)) {
      k++
      break
    }
    // a definite family name right after a listed given name (`عصام الريس`, `خالد الأحمد`): the name ends there
    if (k === j + 1 && givenNameAt(ctx, j) && !NAME_OPENERS.has(tokens[j]?.text ?? '') && tokens[k]?.text.startsWith('ال') && !tokens[k]?.hardGap && nameLike(ctx, k, true)) {
      k++
      break
    }
    if (!nameLike(ctx, k, afterParticle)) break
    afterParticle = kb.words.nameParticles.has(tokens[k]?.text ?? '')
    k++
  }
  if (afterParticle) k--
  if (k - j < 2 || (!possessive && !nameBoundary(ctx, k))) return null
  // An organisation or place phrase the loop above could not see (indefinite words: `رئيس مجلس قروي قصرة`,
  // `المدير الفني لبرشلونة`) runs into the name: when the run does not open with a listed name (given or ambiguous)
  // and is not a genealogy (`ماجد بن عبدالله القصبي`), but a given name follows with at least two words from it, the
  // name starts there and the words before it are part of the role. A father's name after an unlisted given name
  // (`كوامي أنتوني أبياه`) is the price: the given-name list is what tells the two apart.
  const w = kb.words
  const listedName = (p: number) => givenNameAt(ctx, p) || w.ambiguousNames.has(tokens[p]?.text ?? '')
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
  return { titleStart: i, roleEnd: start, nameStart: start, nameEnd: k, titleId, orgEntity, kbPerson: null }
}

function discoveredPerson(ctx: DocContext, hit: TitledName): EntityAnnotation {
  const { tokens } = ctx
  const nameTokens = tokens.slice(hit.nameStart, hit.nameEnd).map((t) => t.text)
  const key = nameTokens.join(' ')
  const name = bodySlice(ctx, tokens[hit.nameStart]?.s ?? 0, tokens[hit.nameEnd - 1]?.e ?? 0).text
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

export function findEntities(ctx: DocContext): EntityStage {
  const { tokens } = ctx
  const kbm = kbMentions(ctx)
  const mentionAt = new Map(kbm.map((m) => [m.start, m]))
  const discovered = new Map<string, EntityAnnotation>()
  const roles: RoleRecord[] = []
  const named: TokMention[] = []
  const localTrie = newTrie<string>()
  for (let i = 0; i < tokens.length; i++) {
    if (mentionAt.has(i) && ctx.kb.entities.get(mentionAt.get(i)?.entityId ?? '')?.type !== 'person' && !trieMatchAt(ctx.kb.titleTrie, tokens, i)) continue
    const hit = readTitledName(ctx, i, mentionAt)
    if (!hit) continue
    let personId = hit.kbPerson
    if (!personId) {
      const ent = discoveredPerson(ctx, hit)
      personId = ent.id
      if (!discovered.has(ent.id)) discovered.set(ent.id, ent)
      const full = tokens.slice(hit.nameStart, hit.nameEnd).map((t) => t.text)
      trieInsert(localTrie, full, ent.id)
      for (const a of ent.aliases) trieInsert(localTrie, keyTokens(normaliseKey(a)), ent.id)
      named.push({ entityId: ent.id, start: hit.nameStart, end: hit.nameEnd, s: tokens[hit.nameStart]?.s ?? 0, e: tokens[hit.nameEnd - 1]?.e ?? 0, ruleId: ent.ruleId, priority: 1 })
    }
    const roleTokens = tokens.slice(hit.titleStart, hit.roleEnd).map((t) => t.text)
    if (roleTokens.length) roles.push({ tokens: roleTokens, personId })
    i = hit.nameEnd - 1
  }
  // later mentions of discovered people (full name or surname)
  const later: TokMention[] = trieScan(localTrie, tokens).map((m) => ({
    entityId: m.values[0] ?? '',
    start: m.start,
    end: m.end,
    s: (tokens[m.start]?.s ?? 0) + m.strip,
    e: tokens[m.end - 1]?.e ?? 0,
    ruleId: 'entity.discovered-alias',
    priority: 0
  }))
  const mentions = resolveOverlaps([...kbm, ...named, ...later])
  return { mentions, discovered, roles, mentionAt: new Map(mentions.map((m) => [m.start, m])) }
}
