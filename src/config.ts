import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { Value } from 'typebox/value'
import { ConfigSchema, type Config } from '../schemas/config.js'
import { ConfigError } from './errors.js'

/** Repository root (works from src/ under tsx and from dist/src/ when compiled). */
export const PROJECT_ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const up = path.basename(path.dirname(here)) === 'dist' ? '../..' : '..'
  return path.resolve(here, up)
})()

export const DEFAULT_CORPUS_DIR = path.join(PROJECT_ROOT, 'seeds')
export const KB_DIR = path.join(PROJECT_ROOT, 'seeds', 'kb')
const DEFAULT_DB_PATH = path.join(PROJECT_ROOT, 'data', 'news.db')

const KEYS = Object.keys(ConfigSchema.properties) as (keyof Config)[]

/**
 * Builds the validated configuration from an environment map. Pure: reads only `env`.
 * Unknown variables are ignored; a bad value throws a ConfigError naming every bad variable.
 */
export function createConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = {
    CORPUS_DIR: DEFAULT_CORPUS_DIR,
    DB_PATH: DEFAULT_DB_PATH
  }
  for (const key of KEYS) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const withDefaults = Value.Default(ConfigSchema, raw)
  const converted = Value.Convert(ConfigSchema, withDefaults)
  if (!Value.Check(ConfigSchema, converted)) {
    const problems = [...Value.Errors(ConfigSchema, converted)].map((e) => `${e.instancePath.slice(1) || '(root)'}: ${e.message}`)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  const config = converted as Config
  return {
    ...config,
    CORPUS_DIR: path.resolve(config.CORPUS_DIR),
    DB_PATH: config.DB_PATH === ':memory:' ? ':memory:' : path.resolve(config.DB_PATH)
  }
}
