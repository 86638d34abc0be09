import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { createConfig } from '../src/config.js'

/** Builds the app on the given env (default: the seeds, an in-memory database), waits for the boot, closes it after the test. */
export async function build(t: Test, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent', ...env }))
  t.teardown(() => app.close())
  await app.ready()
  await app.corpus.done
  return app
}

/** A temporary directory with the given files, removed after the test. */
export function tempDir(t: Test, files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'news-intel-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content)
  return dir
}

export const json = <T = unknown>(res: { body: string }): T => JSON.parse(res.body) as T
