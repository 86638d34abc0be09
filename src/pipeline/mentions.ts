/**
 * What the entity stage hands on: mentions of known and discovered entities by token range, bare office titles, the
 * people and bodies discovered, and the roles the article gave names. Read by every later stage, written by none.
 */
import type { EntityAnnotation } from '../../schemas/annotations.js'

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
  /**
   * Bare office titles naming their holder on the article's date (`الرئيس التركي` in 2015: Erdogan): mentions of
   * the person for the entity list, kept apart so that the title's own words stay readable to the speaker sieves.
   */
  offices: TokMention[]
  discovered: Map<string, EntityAnnotation>
  /** Discovered people the text shows to be women (a feminine verb or title introduced them). */
  female: Set<string>
  roles: RoleRecord[]
  /** Token index → mention starting there. */
  mentionAt: Map<number, TokMention>
}
