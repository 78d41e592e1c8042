/**
 * Nothing unverified is trusted: a Python-written dataset tampered with in each way the issue lists is
 * refused by `hypergol run` (nothing published), by `hypergol dataset cat` (nothing of the damaged chunk
 * printed) and by `Dataset` iteration in user code run by the binary, each with E_CHECKSUM_MISMATCH naming the
 * file, the expected and the actual SHA-1. `--no-verify` is the documented way round.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { fixtureDir } from '../helpers/fixtures.ts'

const ROOT = join(import.meta.dir, '..', '..')
const TIMEOUT = 60_000
const PIPELINE = 'examples/record-summaries/pipelines/record-summaries.ts'
const ITERATING_PIPELINE = 'pipelines/iterate-records.ts'

/** A source task whose iterator reads `records` with `Dataset.read()`: user code iterating a dataset. */
const ITERATING_PIPELINE_SOURCE = `
import { DatasetFactory, Pipeline, Task, type RunContext } from 'hypergol'
import { Record } from '../examples/record-summaries/data-models/record.ts'

class CopyRecords extends Task<Record> {
  constructor(options: ConstructorParameters<typeof Task<Record>>[0], readonly dataDir: string) {
    super(options)
  }
  override getJobs() {
    return [{ parameters: {} }]
  }
  override async *sourceIterator() {
    const factory = new DatasetFactory({ location: this.dataDir, project: 'fixture_project', branch: 'fixture_branch' })
    for await (const record of factory.get(Record, 'records').read()) yield [record]
  }
  run(record: Record): void {
    this.output.append(record)
  }
}

export default (context: RunContext) => {
  const factory = new DatasetFactory({ location: context.dataDir, project: 'copies', branch: 'main' })
  return new Pipeline([new CopyRecords({ outputDataset: factory.get(Record, 'copied_records') }, context.dataDir)])
}
`

let project: string
const recordsDir = () => join(project, 'data', 'fixture_project', 'fixture_branch', 'records')
const sha1 = (bytes: Uint8Array | string): string => new Bun.CryptoHasher('sha1').update(bytes).digest('hex')
const chkEntries = (): { [file: string]: string } =>
  JSON.parse(readFileSync(join(recordsDir(), 'records.chk'), 'utf8'))

beforeAll(() => {
  getBinary()
}, TIMEOUT)

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'hypergol-tamper-'))
  cpSync(join(ROOT, 'examples', 'record-summaries'), join(project, 'examples', 'record-summaries'), {
    recursive: true,
  })
  mkdirSync(join(project, 'pipelines'))
  writeFileSync(join(project, ITERATING_PIPELINE), ITERATING_PIPELINE_SOURCE)
  mkdirSync(join(recordsDir(), '..'), { recursive: true })
  cpSync(fixtureDir('records'), recordsDir(), { recursive: true })
})
afterEach(() => {
  rmSync(project, { recursive: true, force: true })
})

/** One way of tampering: it changes the records fixture and says which files may be named, with which hashes. */
interface Tampering {
  name: string
  apply: () => void
  /** The files one of which the error must name, each with the expected and actual SHA-1 it must give. */
  suspects: () => { file: string; expected: string; actual: string }[]
  /** A line of the original data that must not be printed by cat (it sits in a damaged chunk). */
  hiddenLine?: () => string
}

const chunkPath = (chunkId: string) => join(recordsDir(), `records_${chunkId}.jsonl.gz`)
const chunkContent = (chunkId: string): Buffer<ArrayBuffer> =>
  Buffer.from(Bun.gunzipSync(readFileSync(chunkPath(chunkId))))

/** Before tampering: the files' recorded SHA-1s, and the content of chunks, kept to compute what to expect. */
let recorded: { [file: string]: string }
let flipped: Buffer<ArrayBuffer>
let brokenLine: Buffer<ArrayBuffer>

const TAMPERINGS: Tampering[] = [
  {
    name: 'a content byte flipped and re-gzipped',
    apply: () => {
      flipped = chunkContent('0')
      // A digit of a value: the line still parses, so only the SHA-1 can tell.
      const at = flipped.indexOf('"value": ') + 9
      flipped[at] = (flipped[at] as number) ^ 1
      writeFileSync(chunkPath('0'), Bun.gzipSync(flipped))
    },
    suspects: () => [
      {
        file: 'records_0.jsonl.gz',
        expected: recorded['records_0.jsonl.gz'] as string,
        actual: sha1(flipped),
      },
    ],
  },
  {
    name: "a content byte flipped that breaks its line's JSON",
    apply: () => {
      const content = chunkContent('0')
      // The opening brace of the first line: the line no longer parses, but the cause is the change.
      content[0] = '!'.charCodeAt(0)
      writeFileSync(chunkPath('0'), Bun.gzipSync(content))
      brokenLine = content
    },
    suspects: () => [
      {
        file: 'records_0.jsonl.gz',
        expected: recorded['records_0.jsonl.gz'] as string,
        actual: sha1(brokenLine),
      },
    ],
  },
  {
    name: 'a chunk hash zeroed in the .chk',
    apply: () => {
      const chkPath = join(recordsDir(), 'records.chk')
      const text = readFileSync(chkPath, 'utf8')
      writeFileSync(chkPath, text.replace(recorded['records_3.jsonl.gz'] as string, '0'.repeat(40)))
    },
    suspects: () => [
      {
        file: 'records_3.jsonl.gz',
        expected: '0'.repeat(40),
        actual: recorded['records_3.jsonl.gz'] as string,
      },
    ],
    hiddenLine: () => chunkContent('3').toString().split('\n')[0] as string,
  },
  {
    name: 'two chunks swapped',
    apply: () => {
      renameSync(chunkPath('1'), join(project, 'swap'))
      renameSync(chunkPath('2'), chunkPath('1'))
      renameSync(join(project, 'swap'), chunkPath('2'))
    },
    suspects: () => [
      {
        file: 'records_1.jsonl.gz',
        expected: recorded['records_1.jsonl.gz'] as string,
        actual: recorded['records_2.jsonl.gz'] as string,
      },
      {
        file: 'records_2.jsonl.gz',
        expected: recorded['records_2.jsonl.gz'] as string,
        actual: recorded['records_1.jsonl.gz'] as string,
      },
    ],
    hiddenLine: () => chunkContent('2').toString().split('\n')[0] as string,
  },
  {
    name: 'an edited .def',
    apply: () => {
      const defPath = join(recordsDir(), 'records.def')
      writeFileSync(defPath, readFileSync(defPath, 'utf8').replace('Fixture Committer', 'Someone Else'))
    },
    suspects: () => [
      {
        file: 'records.def',
        expected: recorded['records.def'] as string,
        actual: sha1(readFileSync(join(recordsDir(), 'records.def'))),
      },
    ],
    hiddenLine: () => chunkContent('0').toString().split('\n')[0] as string,
  },
]

/** Asserts one E_CHECKSUM_MISMATCH line naming one of the suspects with its expected and actual SHA-1. */
const expectMismatch = (stderr: string, tampering: Tampering): void => {
  const named = tampering
    .suspects()
    .filter(
      ({ file, expected, actual }) =>
        stderr.includes(`${file} has SHA-1 ${actual}, but `) && stderr.includes(expected),
    )
  expect(stderr).toContain('[E_CHECKSUM_MISMATCH]')
  expect(named.length).toBeGreaterThan(0)
  expect(stderr).not.toContain('    at ')
}

describe.each(TAMPERINGS)('given the Python-written records with $name', (tampering) => {
  beforeEach(() => {
    recorded = chkEntries()
    tampering.apply()
  })

  test(
    'when a pipeline reads them, then it exits 4 naming the file and both SHA-1s, and publishes nothing',
    () => {
      const result = runBinary(['run', PIPELINE], { cwd: project })

      expect(result.exitCode).toBe(4)
      expectMismatch(result.stderr, tampering)
      expect(existsSync(join(recordsDir(), '..', 'record_summaries'))).toBe(false)
      expect(existsSync(join(project, 'data', 'temp'))).toBe(false)
    },
    TIMEOUT,
  )

  test(
    'when user code iterates them with Dataset.read() in a task, then it fails naming the file and publishes nothing',
    () => {
      const result = runBinary(['run', ITERATING_PIPELINE], { cwd: project })

      expect(result.exitCode).toBe(4)
      expectMismatch(result.stderr, tampering)
      expect(existsSync(join(project, 'data', 'copies'))).toBe(false)
    },
    TIMEOUT,
  )

  test('when printed with dataset cat, then it exits 4 and prints nothing of the damaged chunk', () => {
    const hidden = tampering.hiddenLine?.()

    const result = runBinary(['dataset', 'cat', recordsDir()])

    expect(result.exitCode).toBe(4)
    expectMismatch(result.stderr, tampering)
    if (tampering.name.startsWith('a content byte')) expect(result.stdout).toBe('')
    if (hidden !== undefined) expect(result.stdout).not.toContain(hidden)
  })
})

describe('--no-verify', () => {
  test(
    'given a content byte flipped, when run and cat with --no-verify, then the altered data is read as documented',
    () => {
      recorded = chkEntries()
      TAMPERINGS[0]?.apply()
      const alteredLine = flipped
        .toString()
        .split('\n')
        .find((line) => line.includes('"value": ')) as string

      const run = runBinary(['run', PIPELINE, '--no-verify', '--only-tasks', '0'], { cwd: project })
      const cat = runBinary(['dataset', 'cat', recordsDir(), '--no-verify'])

      expect(run.exitCode).toBe(0)
      expect(cat.exitCode).toBe(0)
      expect(cat.stdout).toContain(alteredLine)
    },
    TIMEOUT,
  )
})
