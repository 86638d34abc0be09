import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import { PROJECT_ROOT } from '../../src/config.js'

const CONTRACT = path.join(PROJECT_ROOT, 'openapi', 'openapi.json')
const TYPES = path.join(PROJECT_ROOT, 'openapi', 'types.ts')

t.test('openapi/types.ts is generated from openapi/openapi.json (run `npm run types` after `npm run openapi`)', async (t) => {
  // The same as the CLI in `npm run types`: header + the printed AST, with the default options.
  const generated = COMMENT_HEADER + astToString(await openapiTS(pathToFileURL(CONTRACT)))
  const committed = await readFile(TYPES, 'utf8')
  t.ok(committed.includes('export interface paths'), 'the committed file declares the paths')
  t.equal(committed, generated, 'openapi/types.ts has drifted from the contract')
})
