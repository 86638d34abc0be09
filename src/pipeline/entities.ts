/**
 * Entity mentions: knowledge-base aliases (longest match, proclitics allowed), and people the KB has never heard
 * of, found by a title pattern (`وزير الخارجية الإيراني عباس عراقجي`, `المتحدث باسم الحزب، فلان الفلاني`).
 * Discovered names then match again on their own (full name and surname) further down the article.
 */
import type { EntityStage, TokMention } from './mentions.js'
import { tokenIs, type DocContext } from './context.js'
import { demonymNames, Discoveries, officeMentions, speechSubjects } from './discovery.js'
import { surnameLike, tanweenAt } from './names.js'
import { resolveOverlaps } from './overlaps.js'
import { discoveredPerson, readTitledName } from './titled-names.js'
import { keyTokens, trieMatchAt, trieScan } from './trie.js'
import { normaliseKey } from './normalise.js'
import { CONTEXT_ALIAS_RULE, DEMONYM_RULE, type EntityKey } from './kb.js'
import { startsWithArticle } from '../text/affixes.js'

/**
 * `تركي المالكي`, `تركي بن عبدالله`: a demonym that is also a given name, followed by a family name or a genealogy,
 * is a person's name, not "Turkish".
 */
function demonymAsName(ctx: DocContext, start: number, end: number, ruleId: string | undefined): boolean {
  if (ruleId !== DEMONYM_RULE || end !== start + 1) return false
  const w = ctx.kb.words
  const x = ctx.tokens[start]?.text ?? ''
  const next = ctx.tokens[end]
  if (startsWithArticle(x) || !(w.givenNames.has(x) || w.ambiguousNames.has(x)) || !next || next.hardGap || next.sentence !== ctx.tokens[start]?.sentence) return false
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
  if (tokenIs(ctx.kb.words.placeHeads, prev.text) || tokenIs(ctx.kb.words.memberHeads, prev.text)) return true
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
  let prev: { end: number; type: string | undefined } | null = null
  for (const m of matches) {
    const score = (v: EntityKey): number => (countries.has(countryOf(ctx, v.entityId) ?? '') ? 2 : 0) + (v.ruleId === CONTEXT_ALIAS_RULE ? 0 : 1)
    const key = [...m.values].sort((a, b) => score(b) - score(a))[0]
    if (!key) continue
    const type = ctx.kb.entities.get(key.entityId)?.type
    // `حزب الله وحماس`, `الهلال والنصر`: listed right after an entity of its kind
    const listed = prev !== null && prev.end === m.start && prev.type === type && !/[.؟?!]/.test(ctx.tokens[m.start]?.gap ?? '')
    // `لـ«عكاظ»`: a quoted name is a name
    const quoted = /["“«]\s*$/.test(ctx.tokens[m.start]?.gap ?? '') && /^\s*["”»]/.test(ctx.tokens[m.end]?.gap ?? '')
    if (key.ruleId === CONTEXT_ALIAS_RULE && !headBefore(ctx, m.start) && !plain.has(key.entityId) && !listed && !quoted) continue
    // `دوماً` (always) is not `دوما`: a name is never written with the tanween of an adverb
    if (m.end - m.start === 1 && tanweenAt(ctx, m.start)) continue
    prev = { end: m.end, type }
    const first = ctx.tokens[m.start]
    const last = ctx.tokens[m.end - 1]
    out.push({ entityId: key.entityId, start: m.start, end: m.end, s: (first?.s ?? 0) + m.strip, e: last?.e ?? 0, ruleId: key.ruleId, priority: 2 })
  }
  return out
}

export function findEntities(ctx: DocContext): EntityStage {
  const { tokens } = ctx
  const kbm = kbMentions(ctx)
  const mentionAt = new Map(kbm.map((m) => [m.start, m]))
  const found = new Discoveries(ctx)
  for (const m of kbm) if (ctx.kb.entities.get(m.entityId)?.type === 'person') found.familyName(m.entityId, m.start, m.end)
  for (let i = 0; i < tokens.length; i++) {
    if (mentionAt.has(i) && ctx.kb.entities.get(mentionAt.get(i)?.entityId ?? '')?.type !== 'person' && !trieMatchAt(ctx.kb.titleTrie, tokens, i)) continue
    const hit = readTitledName(ctx, i, mentionAt)
    if (!hit) continue
    // (`العقيد تركي المالكي` is a KB alias with its title: the name read after the title is that person)
    const whole = mentionAt.get(i)
    const aliasWithTitle = whole && whole.end >= hit.nameEnd && ctx.kb.entities.get(whole.entityId)?.type === 'person' ? whole.entityId : null
    let personId = hit.kbPerson ?? aliasWithTitle
    if (!personId) {
      // `العقيد المالكي` after `العقيد تركي المالكي`: the family name alone is the person named in full before
      const before = hit.nameEnd - hit.nameStart === 1 ? namedBefore(ctx, kbm, found, hit.nameStart) : null
      if (before) {
        personId = before
        mentionAt.set(hit.nameStart, found.refer(before, hit.nameStart, hit.nameEnd, 0, 'entity.family-name'))
      } else {
        const ent = discoveredPerson(ctx, hit)
        personId = ent.id
        found.add(ent, hit.nameStart, hit.nameEnd)
        if (hit.feminine) found.female.add(ent.id)
        mentionAt.set(hit.nameStart, found.named[found.named.length - 1] as TokMention)
      }
    }
    const roleTokens = tokens.slice(hit.titleStart, hit.roleEnd).map((t) => t.text)
    if (roleTokens.length) found.roles.push({ tokens: roleTokens, personId, titleId: hit.titleId, affiliation: hit.orgEntity, pos: hit.titleStart })
    i = hit.nameEnd - 1
  }
  demonymNames(ctx, mentionAt, found)
  speechSubjects(ctx, { mentions: kbm, mentionAt }, found)
  const offices = officeMentions(ctx, mentionAt)
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
  return { mentions, offices, discovered: found.discovered, female: found.female, roles: found.roles, mentionAt: new Map(mentions.map((m) => [m.start, m])) }
}

/** The person named in full earlier in the document whose family name is token k alone (KB or discovered). */
function namedBefore(ctx: DocContext, kbm: TokMention[], found: Discoveries, k: number): string | null {
  const { tokens, kb } = ctx
  const text = tokens[k]?.text ?? ''
  // (not the last name of a genealogy, an ancestor's: `الملك عبدالعزيز` is not `عبدالحكيم بن مساعد بن عبدالعزيز`)
  const familyName = (name: string): boolean => {
    const words = keyTokens(normaliseKey(name))
    return words.length >= 2 && words[words.length - 1] === text && !kb.words.nameParticles.has(words[words.length - 2] ?? '')
  }
  const discovered = found.known(k)
  if (discovered) return familyName(found.discovered.get(discovered)?.name ?? kb.entities.get(discovered)?.name ?? '') ? discovered : null
  for (let n = kbm.length - 1; n >= 0; n--) {
    const m = kbm[n] as TokMention
    if (m.start >= k || m.end - m.start < 2) continue
    const e = kb.entities.get(m.entityId)
    if (e?.type === 'person' && tokens[m.end - 1]?.text === text && familyName(e.name)) return m.entityId
  }
  return null
}
