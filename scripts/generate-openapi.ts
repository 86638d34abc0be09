import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PROJECT_ROOT } from '../src/config.js'
import { renderOpenApi } from './openapi-document.js'

const target = path.join(PROJECT_ROOT, 'openapi', 'openapi.json')
await writeFile(target, await renderOpenApi())
process.stdout.write(`wrote ${path.relative(PROJECT_ROOT, target)}\n`)
