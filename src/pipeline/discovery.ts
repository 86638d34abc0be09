/**
 * Discovery passes of the entity stage beyond the knowledge base and titles: people and bodies in subject position
 * after speech verbs, descriptions of bodies the article named (`الوكالة الإيرانية`), and the forms to find what
 * was discovered again further on.
 */
import type { EntityAnnotation } from '../../schemas/annotations.js'
import { bodySlice, speechCueAt, tokenIs, type DocContext } from './context.js'
import type { RoleRecord, TokMention } from './mentions.js'
import { CONTEXT_ALIAS_RULE, DEMONYM_RULE } from './kb.js'
import { givenNameAt, nameBoundary, possessiveAt, readNameRun, surnameAlias, surnameLike } from './names.js'
import { normaliseKey } from './normalise.js'
import { readSubject, speechSlot, subjectEntity, type MentionView, type SubjectPhrase, type SubjectSlot } from './subjects.js'
import { keyTokens, newTrie, trieInsert, trieMatchAt } from './trie.js'
import { firstLetterClitic, hasArticle, startsWithArticle, startsWithLil, withoutArticle } from '../text/affixes.js'

/** Collects what the discovery passes find: entities, their mentions and roles, and the forms to find them again. */
export class Discoveries {
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

  /**
   * A person of the KB named in full in the document (`العقيد تركي المالكي`): the family name alone finds them again
   * further on (`وقال المالكي`), as a discovered person's does; not the last name of a genealogy (an ancestor's).
   */
  familyName(entityId: string, start: number, end: number): void {
    const { tokens, kb } = this.ctx
    const last = tokens[end - 1]?.text ?? ''
    // (nor a given name: `الملك سلمان`)
    if (end - start < 2 || !surnameAlias(this.ctx, last) || kb.words.nameParticles.has(tokens[end - 2]?.text ?? '') || givenNameAt(this.ctx, end - 1)) return
    if (!trieMatchAt(this.aliases, tokens, end - 1, false)) trieInsert(this.aliases, [last], entityId)
  }

  /** The discovered entity a single word already names (a surname introduced with its full name). */
  known(k: number): string | null {
    return trieMatchAt(this.aliases, this.ctx.tokens, k, false)?.values[0] ?? null
  }
}

/** People and bodies in subject position after speech verbs (`وقال مورينيو:`, `وأكدت شركة الاتحاد`, `بيان للجيش اليمني`). */
export function speechSubjects(ctx: DocContext, view: MentionView, found: Discoveries): void {
  const { tokens, kb } = ctx
  for (let i = 0; i < tokens.length; i++) {
    const m = speechCueAt(ctx, i)
    if (!m) continue
    const cue = m.values[0]
    i = m.end - 1
    if (!cue || cue.kind !== 'verb') continue
    const slot = speechSlot(ctx, m.end, tokens[m.start]?.sentence ?? -1, view.mentionAt)
    subjectAt(ctx, view, found, slot, cue.feminine)
    // `نقلت الوكالة عن حامد الخيال، عميد بلدية سبها، أن`: the source a verb of relaying names after عن
    if (!cue.report) continue
    for (let k = slot.start; k < slot.limit - 1; k++) {
      if (!tokenIs(kb.words.relaySources, tokens[k]?.text ?? '')) continue
      subjectAt(ctx, view, found, { ...slot, start: k + 1 }, false)
      break
    }
  }
}

/** The person or body in one subject slot, discovered (or resolved to the body it describes). */
function subjectAt(ctx: DocContext, view: MentionView, found: Discoveries, slot: SubjectSlot, feminine: boolean): void {
  const sp = readSubject(ctx, view, slot)
  const phrase = sp?.kind === 'document' && sp.issuer && typeof sp.issuer !== 'string' ? sp.issuer : sp
  if (!phrase || (phrase.kind !== 'person' && phrase.kind !== 'body')) return
  // a verb that reports nothing here (`رفضوا قبول هذه الفكرة`) may have an object after it rather than a subject:
  // a name is then no evidence (a body's head noun is)
  if (phrase.kind === 'person' && !slot.reports) return
  if (phrase.kind === 'person' && phrase.end - phrase.start === 1 && found.known(phrase.start)) return
  const antecedent = phrase.kind === 'body' ? (namedBody(ctx, view, phrase) ?? describedBody(ctx, view, found, phrase)) : null
  if (antecedent && phrase.kind === 'body') {
    view.mentionAt.set(phrase.start, found.refer(antecedent, phrase.start, phrase.end, phrase.strip, DESCRIPTION_RULE))
    return
  }
  const ent = subjectEntity(ctx, phrase)
  if (!ent) return
  found.add(ent, phrase.start, phrase.end, phrase.kind === 'body' ? phrase.strip : 0)
  if (phrase.kind === 'person' && feminine) found.female.add(ent.id)
  view.mentionAt.set(phrase.start, found.named[found.named.length - 1] as TokMention)
}

/**
 * `وكالة فرانس برس`, `صحيفة واشنطن بوست`: a head noun before the name of a body the knowledge base knows, and nothing
 * else, is that body.
 */
function namedBody(ctx: DocContext, view: MentionView, sp: Extract<SubjectPhrase, { kind: 'body' }>): string | null {
  for (let k = sp.start + 1; k < sp.end; k++) {
    const m = view.mentionAt.get(k)
    if (!m) continue
    const type = ctx.kb.entities.get(m.entityId)?.type
    // (not a name that is also a common word, `شركة الاتحاد` is no club `الاتحاد`)
    const plain = m.ruleId !== CONTEXT_ALIAS_RULE
    return plain && m.start === k && m.end === sp.end && k <= sp.start + 2 && (type === 'media' || type === 'organization' || type === 'armed_group') ? m.entityId : null
  }
  return null
}

/** Rule id of a description resolved to a body the article named (`الوكالة الإيرانية` → IRNA). */
export const DESCRIPTION_RULE = 'entity.description'

/** The head word of a body name, without article or proclitic (`للبعثة` → `بعثة`). */
function headWord(text: string): string {
  return withoutArticle(text)
}

/**
 * `الوكالة الإيرانية`, `للبعثة الأممية`: a definite head with only adjectives after it describes a body rather than
 * naming one; it is the body of that kind (same head word) the article named before, of the same country when the
 * description gives one. Null when there is none (the description then names a body of its own).
 */
function describedBody(ctx: DocContext, view: MentionView, found: Discoveries, sp: Extract<SubjectPhrase, { kind: 'body' }>): string | null {
  const { tokens, kb } = ctx
  const first = tokens[sp.start]?.text ?? ''
  if (!startsWithArticle(first.slice(sp.strip)) && !startsWithLil(first.slice(sp.strip - 1 < 0 ? 0 : sp.strip - 1))) return null
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

/** Rule id of a bare office title standing for its holder on the article's date. */
export const OFFICE_RULE = 'entity.office'

/**
 * `جاء ذلك بعد أن ندد الرئيس التركي بالهجوم` (2015): a title that is a KB office, with no name after it, names whoever
 * held the office on the article's date (never a past holder: `… السابق`; never on an undated article).
 */
export function officeMentions(ctx: DocContext, mentionAt: Map<number, TokMention>): TokMention[] {
  const { tokens, kb } = ctx
  const day = ctx.pubDate
  const out: TokMention[] = []
  if (day === null) return out
  for (let i = 0; i < tokens.length; i++) {
    const m = trieMatchAt(kb.officeTrie, tokens, i)
    if (!m) continue
    const holders = new Set(m.values.filter((o) => (o.from === null || o.from <= day) && (o.to === null || day <= o.to)).map((o) => o.personId))
    const next = tokens[m.end]
    const named = mentionAt.get(m.end)
    const followedByName = !!next && !next.hardGap && (kb.entities.get(named?.entityId ?? '')?.type === 'person' || named?.entityId.startsWith('person:'))
    if (holders.size === 1 && !followedByName && !kb.formerWords.has(next?.text ?? '')) {
      out.push({ entityId: [...holders][0] ?? '', start: i, end: m.end, s: (tokens[i]?.s ?? 0) + m.strip, e: tokens[m.end - 1]?.e ?? 0, ruleId: OFFICE_RULE, priority: 0 })
    }
    i = m.end - 1
  }
  return out
}

/**
 * `المحترف البولندي جاكوب زوكالا`, `بعد العراقي سيف سلمان`: a nationality adjective introducing a name (sports and
 * crime reports name people by nationality). Only a name with strong evidence: a listed given name first or a
 * family name last; a single word after a nationality is a noun, a verb or an adverb as often as a name.
 */
export function demonymNames(ctx: DocContext, mentionAt: Map<number, TokMention>, found: Discoveries): void {
  const { tokens, kb } = ctx
  for (const d of [...mentionAt.values()]) {
    if (d.ruleId !== DEMONYM_RULE || !hasArticle(tokens[d.start]?.text ?? '')) continue
    const j = d.end
    const first = tokens[j]
    if (!first || first.hardGap || first.sentence !== tokens[d.start]?.sentence || mentionAt.has(j)) continue
    const run = readNameRun(ctx, j, tokens.length, (k) => mentionAt.has(k))
    if (!run || run.end - j < 2 || (!run.possessive && !nameBoundary(ctx, run.end))) continue
    if (!givenNameAt(ctx, j) && !kb.words.ambiguousNames.has(first.text) && !surnameLike(ctx, run.end - 1)) continue
    // a noun with a pronoun or a preposition opens no name (`استقراره النسبي`, `بعدم التخلي`, `نظيره الإنجليزي`)
    if (!givenNameAt(ctx, j) && (firstLetterClitic(first.text) || /[هة]$/.test(bodySlice(ctx, first.s, first.e).text) || possessiveAt(ctx, j))) continue
    const ent = subjectEntity(ctx, { kind: 'person', start: j, end: run.end })
    if (!ent) continue
    found.add({ ...ent, affiliation: d.entityId, ruleId: 'entity.demonym-name' }, j, run.end)
    mentionAt.set(j, found.named[found.named.length - 1] as TokMention)
  }
}
