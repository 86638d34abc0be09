/**
 * People introduced by a title (`وزير الخارجية الإيراني عباس عراقجي`, `المتحدث باسم الحزب، فلان الفلاني`,
 * `الرئيس التنفيذي لشركة أوبر، دارا خسرو شاهي`): the title, the organisation or place phrase of the role, and the
 * name after it.
 */
import type { EntityAnnotation } from '../../schemas/annotations.js'
import { bodySlice, isComplementizer, tokenIs, type DocContext } from './context.js'
import type { TokMention } from './mentions.js'
import { stableHash } from './ids.js'
import type { TitleKey } from './kb.js'
import { displayName, givenNameAt, nameBoundary, nameEvidence, readNameRun, surnameAlias, surnameLike } from './names.js'
import { trieMatchAt, type TrieMatch } from './trie.js'
import { hasConjunction, hasMasculinePluralEnding, hasPluralEnding, isDefinite, looksFuture, looksImperfect, startsWithArticle } from '../text/affixes.js'

const COMMA_GAP = /^[\s]*[،,][\s]*$/

export interface TitledName {
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
export function readTitledName(ctx: DocContext, i: number, mentionAt: Map<number, TokMention>): TitledName | null {
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
      if (kb.entities.get(km.entityId)?.type === 'person' || km.entityId.startsWith('person:')) {
        // `محامي مارادونا، ماتياس مورلا`, `المتحدث باسم بوتين`: a bare title in construct with a name, or a role
        // linked to one, belongs to someone else; that someone is named next, in apposition, or not at all
        if (!possessor(ctx, i, title, j)) break
        return holderAfter(ctx, { i, title, orgEntity, linked, mentionAt }, km.end)
      }
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
    // (right after a title that addresses a name, a nisba nobody lists is the holder's family name: `اللواء العسيري`)
    if (j === title.end && familyNameAfter(ctx, title, j) && nameBoundary(ctx, j + 1)) break
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
  const role: RolePhrase = { i, title, orgEntity, linked, mentionAt }
  const hit = nameAfterRole(ctx, role, j)
  // `محامي دييغو مارادونا، ماتياس مورلا`: the name in construct is the possessor's; the holder's follows the comma
  if (hit && possessor(ctx, i, title, hit.nameStart)) return holderAfter(ctx, role, hit.nameEnd)
  if (hit) return hit
  // `الرئيس التنفيذي لشركة أوبر، دارا خسرو شاهي`: the role runs on through words the loop cannot read (a body's own
  // name) to a comma, and the name follows it in apposition
  for (let c = j + 1; c <= j + ROLE_RUN_ON && c < tokens.length; c++) {
    const t = tokens[c]
    if (!t || t.sentence !== sentence) break
    if (t.hardGap) return COMMA_GAP.test(t.gap) ? nameAfterRole(ctx, role, c) : null
    if (isComplementizer(kb, t.text) || tokenIs(kb.words.stopWords, t.text) || trieMatchAt(kb.speechTrie, tokens, c)) break
  }
  return null
}

/**
 * Whether the person mentioned at token j is the role's possessor rather than its holder: right after a bare title
 * that does not address a name (`محامي مارادونا`; not `د. محمد`), or after a role preposition (`المتحدث باسم بوتين`).
 */
export function possessor(ctx: DocContext, i: number, title: TrieMatch<TitleKey>, j: number): boolean {
  const { tokens, kb } = ctx
  // a role preposition, in the title (`المتحدث باسم`) or after it, then at most the possessor's own titles
  for (let p = title.end - 1; p < j; p++) {
    if (!kb.words.roleLinkers.has(tokens[p]?.text ?? '')) continue
    let k = p + 1
    for (let tm = trieMatchAt(kb.titleTrie, tokens, k); tm && k < j; tm = trieMatchAt(kb.titleTrie, tokens, k)) k = tm.end
    if (k === j) return true
  }
  if (j !== title.end || title.values[0]?.addressesName) return false
  // `رئيس الوزراء نواز بختيار`: a title ending on a definite word is complete, and so is one with a pronoun
  // (`وقال مديره رامي عبد الرحمن`, which normalises as `مديرة`); `محامي مارادونا` is not
  const last = title.end - 1
  const t = tokens[last]
  if (!t || bodySlice(ctx, t.s, t.e).text.endsWith('ه')) return false
  return !startsWithArticle(t.text.slice(last === i ? title.strip : 0))
}

/**
 * The holder of a role whose phrase ended on its possessor's name at token j: after a comma (`محامي مارادونا، ماتياس
 * مورلا`) or after a title of his own (`رئيس بلدية أبو عجرم المهندس مشعل الحسن`).
 */
function holderAfter(ctx: DocContext, role: RolePhrase, j: number): TitledName | null {
  const own = ctx.tokens[j]?.hardGap ? null : trieMatchAt(ctx.kb.titleTrie, ctx.tokens, j)
  if (!own) return nameAfterRole(ctx, role, j, true)
  const hit = nameAfterRole(ctx, { ...role, i: j, title: own, linked: false }, own.end)
  return hit && { ...hit, titleStart: role.i }
}

/** A role phrase read so far: where its title starts, the title, the body it names, whether a preposition linked it on. */
interface RolePhrase {
  i: number
  title: TrieMatch<TitleKey>
  orgEntity: string | null
  linked: boolean
  mentionAt: Map<number, TokMention>
}

/**
 * Whether token j, right after a title that addresses its holder by name, is the holder's family name on its own
 * (`الدكتور اليماني`, `اللواء الغامدي`): a nisba nobody lists, not one that qualifies the title (`الأستاذ الجامعي`).
 */
function familyNameAfter(ctx: DocContext, title: TrieMatch<TitleKey>, j: number): boolean {
  const v = title.values[0]
  if (!v?.addressesName || v.needsGivenName) return false
  const text = ctx.tokens[j]?.text ?? ''
  return !ctx.kb.titleQualifiers.has(text) && !ctx.kb.formerWords.has(text) && surnameLike(ctx, j)
}

/** Whether token k is a plural (`المغتربون`, `الحوثيين`, `الجماعات`): a description, not a family name. */
function pluralAt(ctx: DocContext, k: number): boolean {
  const text = ctx.tokens[k]?.text ?? ''
  return hasPluralEnding(text) || hasMasculinePluralEnding(text)
}

/** Whether token k is the head noun of an institution or place (`جامعة`, `مطار`, `مستشفى`, `مدينة`). */
function institutionHead(ctx: DocContext, k: number): boolean {
  const { tokens, kb } = ctx
  const text = tokens[k]?.text ?? ''
  const cls = trieMatchAt(kb.subjectTrie, tokens, k)?.values[0]?.cls
  return tokenIs(kb.words.orgHeads, text) || tokenIs(kb.words.placeHeads, text) || cls === 'organization' || cls === 'media'
}

/** How many words a role phrase may run on past what the title reader understands, up to a comma before the name. */
const ROLE_RUN_ON = 4

/** The name at token j after the role phrase that began at i (after at most one comma). */
function nameAfterRole(
  ctx: DocContext,
  role: RolePhrase,
  j: number,
  /** The role ends on a possessor's name: the holder's stands in apposition, after a comma. */
  apposed = false
): TitledName | null {
  const { tokens, kb } = ctx
  const { i, title, orgEntity, linked, mentionAt } = role
  const sentence = tokens[i]?.sentence
  const first = tokens[j]
  if (!first || first.sentence !== sentence) return null
  if (first.hardGap ? !COMMA_GAP.test(first.gap) : apposed) return null
  // `…، ورافع العيساوي`: after a comma, a name joined by و is the next one of a list, not the holder in apposition
  if (first.hardGap && hasConjunction(first.text) && !kb.words.givenNames.has(first.text) && !kb.words.ambiguousNames.has(first.text)) return null
  const titleId = title.values[0]?.id ?? 'title'
  const feminine = title.values[0]?.feminine ?? false
  const km = mentionAt.get(j)
  if (km && kb.entities.get(km.entityId)?.type === 'person') {
    return { titleStart: i, roleEnd: j, nameStart: j, nameEnd: km.end, titleId, feminine, orgEntity, kbPerson: km.entityId }
  }
  // a title that addresses its holder by name (`الشيخ`, `الدكتور`, `اللواء`) vouches for the word after it as a given
  // name (`الشيخ خميس الخنجر`) right after it, unless it reads as a verb (`الملك يستقبل`) or the next word is a plural;
  // not inside the name of a place or institution (`جامعة الملك عبدالعزيز`, `مطار الملك خالد`)
  const named = i > 0 && !tokens[i]?.hardGap && institutionHead(ctx, i - 1)
  const addresses = !named && !!title.values[0]?.addressesName
  const opensName = addresses && j === title.end && !first.hardGap && !mentionAt.has(j) && !looksImperfect(first.text) && !looksFuture(first.text) && !pluralAt(ctx, j + 1)
  const run = readNameRun(ctx, j, tokens.length, (k) => mentionAt.has(k), opensName)
  // (or a family name alone: `الدكتور اليماني`, `اللواء العسيري`)
  const familyAlone = addresses && familyNameAfter(ctx, title, j)
  const k = run?.end ?? (familyAlone ? j + 1 : j)
  const possessive = run?.possessive ?? false
  const w = kb.words
  const listedName = (p: number): boolean => givenNameAt(ctx, p) || w.ambiguousNames.has(tokens[p]?.text ?? '')
  // one word is a name only after a title that addresses its holder by it, as a listed given name (`الشيخة لطيفة`,
  // `الأخت ماري`, `الأمير وليام`) or a family name
  const single = k - j === 1 && addresses && (listedName(j) || familyAlone)
  if ((k - j < 2 && !single) || (!possessive && !nameBoundary(ctx, k))) return null
  // An organisation or place phrase the loop above could not see (indefinite words: `رئيس مجلس قروي قصرة`,
  // `المدير الفني لبرشلونة`) runs into the name: when the run does not open with a listed name (given or ambiguous)
  // and is not a genealogy (`ماجد بن عبدالله القصبي`), but a given name follows with at least two words from it, the
  // name starts there and the words before it are part of the role. A father's name after an unlisted given name
  // (`كوامي أنتوني أبياه`) is the price: the given-name list is what tells the two apart.
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

export function discoveredPerson(ctx: DocContext, hit: TitledName): EntityAnnotation {
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
    aliases: surnameKeys(ctx, nameTokens).filter((s) => s !== key),
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
function surnameKeys(ctx: DocContext, nameTokens: string[]): string[] {
  const last = nameTokens[nameTokens.length - 1] ?? ''
  const w = ctx.kb.words
  if (nameTokens.length >= 3 && (w.surnameSecondWords.has(last) || w.surnameFirstWords.has(nameTokens[nameTokens.length - 2] ?? ''))) return [nameTokens.slice(-2).join(' ')]
  return surnameAlias(ctx, last) ? [last] : []
}
