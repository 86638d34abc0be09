import { Type, type Static } from 'typebox'

/** Environment variables the service reads. Everything else is fixed in code. */
export const ConfigSchema = Type.Object(
  {
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'TCP port to listen on.' }),
    HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to bind (0.0.0.0 in containers).' }),
    CORPUS_DIR: Type.String({ minLength: 1, description: 'Directory of *.txt (+ NAME.meta.json) and *.jsonl / *.jsonl.gz articles. Default: the embedded seeds.' }),
    DB_PATH: Type.String({ minLength: 1, description: 'SQLite file, or :memory:. Default: data/news.db.' }),
    LOG_LEVEL: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
      { default: 'info', description: 'pino log level.' }
    ),
    MAX_ARTICLE_BYTES: Type.Integer({ minimum: 1024, default: 2_000_000, description: 'Articles (or JSON lines) larger than this are skipped at boot.' }),
    INGEST_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 100_000, default: 500, description: 'Articles written per SQLite transaction at boot.' }),
    SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000, description: 'How long SIGTERM waits for in-flight requests before exiting.' })
  },
  { additionalProperties: true }
)
export type Config = Static<typeof ConfigSchema>
