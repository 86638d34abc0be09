/**
 * Stoplight Prism's validating proxy, a validator this project did not write, between a test client and the service:
 * every response is checked against openapi/openapi.json, and what breaks the contract comes back in the
 * `sl-violations` header. Started on a free port on 127.0.0.1 and stopped with the test.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import type { Test } from 'tap'
import { PROJECT_ROOT } from '../../src/config.js'

export interface Violation {
  location: string[]
  severity: string
  code?: string | number
  message: string
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
  return address.port
}

/** Starts `prism proxy` in front of `upstream`; resolves with its base URL once it listens. */
export async function startPrismProxy(t: Test, upstream: string): Promise<string> {
  const cli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js')
  const port = await freePort()
  const contract = path.join(PROJECT_ROOT, 'openapi', 'openapi.json')
  // --cors=false: the service's own CORS headers pass through untouched. No --errors: every request is forwarded (the
  // invalid ones too, to see their problem answers) and violations are reported, not substituted.
  const child = spawn(process.execPath, [cli, 'proxy', contract, upstream, '--host', '127.0.0.1', '--port', String(port), '--cors=false'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(() => {
    child.kill()
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start within 90 s:\n${output}`)), 90_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Prism is listening')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`prism exited with ${String(code)}:\n${output}`))
    })
  })
  return `http://127.0.0.1:${port}`
}

/** The response violations Prism reported for one exchange (request violations are the test's own doing). */
export function responseViolations(response: Response): Violation[] {
  const header = response.headers.get('sl-violations')
  if (!header) return []
  return (JSON.parse(header) as Violation[]).filter((v) => v.location[0] !== 'request')
}
