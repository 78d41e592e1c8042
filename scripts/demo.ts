/**
 * `bun run demo`: runs the freshly built dist/hypergol from a temp dir with no node_modules, on the bundled
 * datasets written by Python Hypergol: list, show, cat, verify, then verify a copy with one damaged byte;
 * then runs the record-summaries example pipeline on the Python `records`, which reproduces the Python
 * outputs chunk for chunk; then generates a new project (data models, tasks, a pipeline) whose tests and type
 * check pass at once; then the whole modelling loop on the Brown corpus: the example's pipeline on its first
 * files, a short training, `hypergol serve` of the checkpoint, and a sentence POSTed to it, whose tags and
 * response headers are printed. Exits non-zero if anything does not behave as shown.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BROWN_CORPUS, setUpBrownProject } from '../test/helpers/brown-project.ts'
import { SERVE_URL, urlPrintedBy } from '../test/helpers/url-printed-by.ts'

const ROOT = join(import.meta.dir, '..')
const work = mkdtempSync(join(tmpdir(), 'hypergol-demo-'))
const binary = join(work, 'hypergol')
copyFileSync(join(ROOT, 'dist', 'hypergol'), binary)
Bun.spawnSync(['chmod', '+x', binary])
cpSync(join(ROOT, 'test', 'fixtures', 'pyhypergol', 'data'), join(work, 'data'), { recursive: true })
const branch = join('data', 'fixture_project', 'fixture_branch')

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

const run = (args: string[], expectedStatus = 0, cwd = work): void => {
  process.stdout.write(`\n${bold(`$ hypergol ${args.join(' ')}`)}\n`)
  const result = Bun.spawnSync([binary, ...args], {
    cwd,
    env: process.env,
    stdout: 'inherit',
    stderr: 'inherit',
  })
  if (result.exitCode !== expectedStatus) {
    console.error(`demo: expected exit ${expectedStatus}, got ${result.exitCode}`)
    process.exit(1)
  }
}

const BROWN_FILES = 20
const BROWN_STEPS = 200

/** Pipeline → training → serving → a request, on the Brown example, in a project dir of its own. */
const brownLoop = async (): Promise<void> => {
  const brown = join(work, 'brown')
  const files = readdirSync(BROWN_CORPUS).filter((file) => /^c[a-r]\d\d$/.test(file))
  setUpBrownProject(brown, files.sort().slice(0, BROWN_FILES))
  process.env.BROWN_FILES = String(BROWN_FILES)
  run(['run', 'examples/brown-pos/pipelines/brown-pos.ts'], 0, brown)
  run(['train', 'examples/brown-pos/models/train-tagger.ts', '--steps', String(BROWN_STEPS)], 0, brown)

  // Not a git repository, so the branch directory is `dummy` (README, "Datasets").
  const checkpoint = join('data', 'brown_pos', 'dummy', 'models', 'Tagger', String(BROWN_STEPS))
  process.stdout.write(`\n${bold(`$ hypergol serve ${checkpoint} --port 0 &`)}\n`)
  const server = Bun.spawn([binary, 'serve', checkpoint, '--port', '0'], {
    cwd: brown,
    stdout: 'inherit',
    stderr: 'pipe',
  })
  // The server's log goes on to the terminal; its "serving … at URL" line gives the port.
  const url = await urlPrintedBy([server.stderr], server.exited, SERVE_URL, (text) =>
    process.stderr.write(text),
  ).catch(() => undefined)
  if (url === undefined) {
    console.error('demo: the server stopped before listening')
    process.exit(1)
  }
  const words = ['The', 'jury', 'praised', 'the', 'administration', 'of', 'the', 'city', '.']
  const body = JSON.stringify([{ words }])
  process.stdout.write(`\n${bold(`POST ${url}/output ${body}`)}\n`)
  const response = await fetch(`${url}/output`, { method: 'POST', body })
  for (const name of ['x-model-long-name', 'x-process-time']) {
    process.stdout.write(`${name}: ${response.headers.get(name)}\n`)
  }
  const [tagging] = (await response.json()) as { words: string[]; tags: string[] }[]
  process.stdout.write(`${tagging?.words.map((word, k) => `${word}/${tagging.tags[k]}`).join(' ')}\n`)
  server.kill('SIGTERM')
  const status = await server.exited
  if (response.status !== 200 || tagging?.tags.length !== words.length || status !== 0) {
    console.error(`demo: POST /output answered ${response.status}, the server exited with ${status}`)
    process.exit(1)
  }
}

try {
  run(['--version'])
  run(['dataset', 'list', 'data'])
  run(['dataset', 'show', join(branch, 'loaded_chunk_probe')])
  run(['dataset', 'cat', join(branch, 'records'), '--limit', '3'])
  run(['dataset', 'verify', join(branch, 'records'), join(branch, 'record_summaries')])

  // Damage one byte of the uncompressed content of one chunk: the gzip stays valid, the SHA-1 does not.
  const chunk = join(work, branch, 'records', 'records_a.jsonl.gz')
  const content = Bun.gunzipSync(readFileSync(chunk))
  content[10] = (content[10] as number) ^ 0x01
  writeFileSync(chunk, Bun.gzipSync(content))
  process.stdout.write('\n(one byte of records_a.jsonl.gz flipped)')
  run(['dataset', 'verify', join(branch, 'records')], 1)

  // The example pipeline, on a fresh copy of the Python-written records only.
  const project = join(work, 'project')
  cpSync(join(ROOT, 'examples', 'record-summaries'), join(project, 'examples', 'record-summaries'), {
    recursive: true,
  })
  const projectBranch = join(project, 'data', 'fixture_project', 'fixture_branch')
  cpSync(
    join(ROOT, 'test', 'fixtures', 'pyhypergol', 'data', 'fixture_project', 'fixture_branch', 'records'),
    join(projectBranch, 'records'),
    { recursive: true },
  )
  run(['run', 'examples/record-summaries/pipelines/record-summaries.ts', '--threads', '2'], 0, project)
  for (const name of ['record_summaries', 'loaded_chunk_probe']) {
    const chunksOf = (directory: string) =>
      Object.entries(
        JSON.parse(readFileSync(join(directory, `${name}.chk`), 'utf8')) as { [file: string]: string },
      )
        .filter(([file]) => !file.endsWith('.def'))
        .map(([, sha1]) => sha1)
    const same =
      chunksOf(join(projectBranch, name)).join() ===
      chunksOf(join(ROOT, 'test', 'fixtures', 'pyhypergol', branch, name)).join()
    process.stdout.write(`${name}: chunk SHA-1s ${same ? 'equal' : 'DIFFER FROM'} the Python original's\n`)
    if (!same) process.exit(1)
  }
  run(
    ['dataset', 'show', join('data', 'fixture_project', 'fixture_branch', 'loaded_chunk_probe')],
    0,
    project,
  )

  // A new project, generated as the README shows: data models, a source task, a task and a pipeline,
  // whose generated tests and type check pass at once.
  // The project's first commit needs a git identity; the demo must not depend on the machine having one.
  process.env.GIT_AUTHOR_NAME ??= 'Demo'
  process.env.GIT_AUTHOR_EMAIL ??= 'demo@example.com'
  process.env.GIT_COMMITTER_NAME ??= 'Demo'
  process.env.GIT_COMMITTER_EMAIL ??= 'demo@example.com'
  run(['new', 'MyFirstProject'])
  const generated = join(work, 'my_first_project')
  run(['create', 'data-model', 'Label', 'name:str', 'score:float'], 0, generated)
  run(
    [
      'create',
      'data-model',
      'Sentence',
      'sentenceId:int:id',
      'text:str',
      'tokens:List[str]',
      'label:Label',
      'note:str?',
    ],
    0,
    generated,
  )
  run(['create', 'data-model', 'TokenCount', 'sentenceId:int:id', 'count:int'], 0, generated)
  run(['create', 'task', 'ReadSentences', 'Sentence', '--source'], 0, generated)
  run(['create', 'task', 'CountTokens', 'Sentence', 'TokenCount'], 0, generated)
  run(['create', 'pipeline', 'ProcessSentences', 'ReadSentences', 'CountTokens'], 0, generated)
  run(['test'], 0, generated)
  run(['check'], 0, generated)

  await brownLoop()
  process.stdout.write('\ndemo: all commands behaved as expected\n')
} finally {
  rmSync(work, { recursive: true, force: true })
}
