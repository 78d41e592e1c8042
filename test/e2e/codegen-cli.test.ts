/**
 * Code generation with the compiled binary, in temp dirs with no node_modules around: `hypergol new`, then
 * data models with every member type, whose generated tests and type check pass at once through
 * `hypergol test` and `hypergol check`; plus the safety rules (no overwrite without --force, --dry-run).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getBinary, runBinary } from '../helpers/binary.ts'
import { SENTENCE_MEMBERS } from '../helpers/codegen-examples.ts'
import { commitAllIn, GIT_IDENTITY } from '../helpers/git-identity.ts'

const TIMEOUT = 60_000

beforeAll(() => {
  getBinary()
}, TIMEOUT)

let workspace: string
const project = () => join(workspace, 'my_first_project')
const hypergol = (args: string[], cwd = project()) => runBinary(args, { cwd, env: GIT_IDENTITY })

const commitAll = (message: string): string => commitAllIn(project(), message)

/** What a user fills in: the line of `file` holding `marker` becomes `line`, keeping its indentation. */
const fill = (file: string, marker: string, line: string) => {
  const path = join(project(), file)
  const lines = readFileSync(path, 'utf8').split('\n')
  const index = lines.findIndex((text) => text.includes(marker))
  expect(index).toBeGreaterThan(-1)
  lines[index] = `${/^\s*/.exec(lines[index] as string)?.[0]}${line}`
  writeFileSync(path, lines.join('\n'))
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'hypergol-codegen-'))
})
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true })
})

describe('the README', () => {
  test(
    'given the commands of its "Projects and code generation" section, when run by bash in an empty folder, then all succeed',
    () => {
      const readme = readFileSync(join(import.meta.dir, '..', '..', 'README.md'), 'utf8')
      const section = readme.slice(
        readme.indexOf('## Projects and code generation'),
        readme.indexOf('## Command line'),
      )
      const script = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
      expect(script).toContain('hypergol new MyFirstProject')
      const bin = mkdtempSync(join(tmpdir(), 'hypergol-path-'))
      symlinkSync(getBinary(), join(bin, 'hypergol'))

      const result = Bun.spawnSync(['bash', '-euo', 'pipefail', '-c', script], {
        cwd: workspace,
        env: {
          ...process.env,
          ...GIT_IDENTITY,
          NO_COLOR: '1',
          CI: 'true',
          PATH: `${bin}:${process.env.PATH}`,
        },
        stdout: 'pipe',
        stderr: 'pipe',
      })
      rmSync(bin, { recursive: true, force: true })

      expect(result.stderr.toString()).toContain(' 8 pass')
      expect(result.exitCode).toBe(0)
      expect(existsSync(join(project(), 'pipelines', 'process-sentences.ts'))).toBe(true)
    },
    TIMEOUT,
  )
})

describe('hypergol new and create data-model', () => {
  test(
    'given a new project with data models of every member type, then hypergol test and hypergol check pass at once',
    () => {
      const created = hypergol(['new', 'MyFirstProject'], workspace)
      expect(created.exitCode).toBe(0)
      const log = Bun.spawnSync(['git', 'log', '--format=%s'], { cwd: project(), stdout: 'pipe' })
      expect(log.stdout.toString().trim()).toBe('New hypergol project')

      expect(hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float']).exitCode).toBe(0)
      expect(hypergol(['create', 'data-model', 'Sentence', ...SENTENCE_MEMBERS]).exitCode).toBe(0)
      const everything = hypergol([
        'create',
        'data-model',
        'Everything',
        'key:str:id',
        'count:bigint:id',
        'day:date',
        'blob:object',
        'payload:json',
        'extras:List[json]?',
        'totals:List[bigint]',
        'sentence:Sentence?',
        'grid:List[List[float]]',
      ])
      expect(everything.exitCode).toBe(0)

      const tests = hypergol(['test'])
      const check = hypergol(['check'])

      expect(tests.stderr).toContain(' 8 pass')
      expect(tests.stderr).toContain(' 0 fail')
      expect(tests.exitCode).toBe(0)
      expect(check.stdout + check.stderr).toContain('No type errors')
      expect(check.exitCode).toBe(0)
      expect(existsSync(join(project(), 'node_modules', 'hypergol', 'types', 'index.d.ts'))).toBe(true)
    },
    TIMEOUT,
  )

  test(
    'given the whole loop, then stubs fail loudly until filled, and once filled the pipeline runs and its datasets verify',
    () => {
      hypergol(['new', 'MyFirstProject'], workspace)
      hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float'])
      hypergol(['create', 'data-model', 'Sentence', ...SENTENCE_MEMBERS])
      hypergol(['create', 'data-model', 'TokenCount', 'sentenceId:int:id', 'count:int'])
      expect(hypergol(['create', 'task', 'ReadSentences', 'Sentence', '--source']).exitCode).toBe(0)
      expect(hypergol(['create', 'task', 'CountTokens', 'Sentence', 'TokenCount']).exitCode).toBe(0)
      expect(
        hypergol(['create', 'pipeline', 'ProcessSentences', 'ReadSentences', 'CountTokens']).exitCode,
      ).toBe(0)
      expect(hypergol(['test']).exitCode).toBe(0)
      expect(hypergol(['check']).exitCode).toBe(0)
      commitAll('Stubs')

      const unfilled = hypergol(['run', 'pipelines/process-sentences.ts'])
      expect(unfilled.exitCode).toBe(5)
      expect(unfilled.stderr).toContain('not implemented: ReadSentences.sourceIterator({})')

      // The logic a user fills in: a source of 100 sentences, and a count of their tokens.
      fill(
        'tasks/read-sentences.ts',
        "from 'hypergol'",
        "import { exampleOf, type JobParameters, type SourceJob, Task } from 'hypergol'",
      )
      fill(
        'tasks/read-sentences.ts',
        'not implemented: ReadSentences.sourceIterator',
        'for (let index = 0; index < 100; index++) yield [index]',
      )
      fill(
        'tasks/read-sentences.ts',
        'not implemented: ReadSentences.run',
        "this.output.append(new Sentence({ ...exampleOf(Sentence), sentenceId: item as number, tokens: ['a', 'b'] }))",
      )
      fill(
        'tasks/count-tokens.ts',
        'not implemented: CountTokens.run',
        'this.output.append(new TokenCount({ sentenceId: sentence.sentenceId, count: sentence.tokens.length }))',
      )
      const branch = commitAll('Logic')

      const run = hypergol(['run', 'pipelines/process-sentences.ts', '--threads', '2'])
      const counts = join(project(), 'data', 'my_first_project', branch, 'token_counts')
      const verify = hypergol(['dataset', 'verify', counts])
      const cat = hypergol(['dataset', 'cat', counts, '--limit', '1'])

      expect(run.exitCode).toBe(0)
      expect(run.stderr).toContain('CountTokens: 100 objects in, 100 out')
      expect(verify.exitCode).toBe(0)
      expect(verify.stdout).toContain('16 chunks, 100 objects')
      expect(cat.stdout).toMatch(/^\{"count": 2, "sentenceId": \d+\}\n$/)
      expect(hypergol(['test']).exitCode).toBe(0)
      expect(hypergol(['check']).exitCode).toBe(0)
    },
    TIMEOUT,
  )

  test(
    'given a generated test broken by hand, then hypergol test and hypergol check fail with their output',
    () => {
      hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
      hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float'])
      const testFile = join(project(), 'tests', 'data-models', 'label.test.ts')
      writeFileSync(testFile, readFileSync(testFile, 'utf8').replace('score: 0.5', "score: 'high'"))

      const tests = hypergol(['test'])
      const check = hypergol(['check'])

      expect(tests.exitCode).toBe(1)
      expect(tests.stderr).toContain('the tests failed (exit 1) [E_TOOL_FAILED]')
      expect(check.exitCode).toBe(1)
      expect(check.stdout + check.stderr).toContain("Type 'string' is not assignable to type 'number'")
    },
    TIMEOUT,
  )

  test('given --dry-run, then the files are printed and nothing is written', () => {
    const result = hypergol(['new', 'MyFirstProject', '--dry-run'], workspace)

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`--- would write ${join(project(), 'package.json')}`)
    expect(result.stdout).toContain('"project": "my_first_project"')
    expect(readdirSync(workspace)).toEqual([])
  })

  test('given an existing project folder, then new refuses without --force and writes nothing', () => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    writeFileSync(join(project(), 'README.md'), 'mine')

    const refused = hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    const forced = hypergol(['new', 'MyFirstProject', '--no-git', '--force'], workspace)

    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain('already exists and is not empty [E_FILE_EXISTS]')
    expect(forced.exitCode).toBe(0)
    expect(readFileSync(join(project(), 'README.md'), 'utf8')).toStartWith('# MyFirstProject')
  })

  test('given an existing class, then create refuses without --force, and --force overwrites it', () => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    hypergol(['create', 'data-model', 'Label', 'name:str'])

    const refused = hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float'])
    const forced = hypergol(['create', 'data-model', 'Label', 'name:str', 'score:float', '--force'])

    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain(
      'data class Label already exists in data-models/label.ts [E_FILE_EXISTS]',
    )
    expect(forced.exitCode).toBe(0)
    expect(readFileSync(join(project(), 'data-models', 'label.ts'), 'utf8')).toContain('score: field.float()')
  })

  test.each([
    [['Bad', 'x:Lable'], 'member "x:Lable": unknown data class "Lable" [E_INVALID_ARGUMENT]'],
    [['Bad', 'x:flot'], 'member "x:flot": unknown type "flot" [E_INVALID_ARGUMENT]'],
    [['Bad', 'x:int', 'x:str'], 'member "x:str": x is given twice [E_INVALID_ARGUMENT]'],
    [
      ['Bad', 'x:json:id'],
      'member "x:json:id": only int, bigint and str members can be part of the id [E_INVALID_ARGUMENT]',
    ],
    [['2Bad', 'x:int'], 'class name "2Bad" is neither CamelCase nor snake_case [E_INVALID_ARGUMENT]'],
  ])('given create data-model %p, then exit 2 with one line naming the argument: %s', (args, message) => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)

    const result = hypergol(['create', 'data-model', ...args])

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toContain('    at ')
    expect(existsSync(join(project(), 'data-models', 'bad.ts'))).toBe(false)
  })

  test('given a folder outside any project, then create says how to make one', () => {
    const result = hypergol(['create', 'data-model', 'Label', 'name:str'], workspace)

    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('is not inside a hypergol project [E_NOT_A_PROJECT]')
  })
})

describe('hypergol create model-block and create model', () => {
  test(
    'given a block and a model, then test and check pass at once, training fails loudly until filled, and once filled it trains and checkpoints',
    () => {
      hypergol(['new', 'MyFirstProject'], workspace)
      hypergol(['create', 'data-model', 'Point', 'pointId:int:id', 'x:float', 'y:float', 'quadrant:int'])
      hypergol(['create', 'data-model', 'PointGuess', 'pointId:int:id', 'quadrant:int', 'step:int'])
      hypergol(['create', 'task', 'MakePoints', 'Point', '--source'])
      hypergol(['create', 'pipeline', 'MakeData', 'MakePoints'])
      expect(hypergol(['create', 'model-block', 'Dense']).exitCode).toBe(0)
      const created = hypergol([
        'create',
        'model',
        'Quadrants',
        'Point',
        'PointGuess',
        'Point',
        'PointGuess',
        'Dense',
      ])
      expect(created.exitCode).toBe(0)
      expect(created.stderr).toContain('models/train-quadrants.ts')
      const tests = hypergol(['test'])
      expect(tests.stderr).toContain(' 0 fail')
      expect(tests.exitCode).toBe(0)
      expect(hypergol(['check']).exitCode).toBe(0)

      fill(
        'tasks/make-points.ts',
        'not implemented: MakePoints.sourceIterator',
        'for (let index = 0; index < 64; index++) yield [index]',
      )
      fill(
        'tasks/make-points.ts',
        'not implemented: MakePoints.run',
        'const [x, y] = [((item as number) % 8) - 3.5, Math.floor((item as number) / 8) - 3.5]; this.output.append(new Point({ pointId: item as number, x, y, quadrant: (x > 0 ? 1 : 0) + (y > 0 ? 2 : 0) }))',
      )
      // The pipeline writes the training and the held-out dataset, one per run.
      fill(
        'pipelines/make-data.ts',
        "'points'",
        "const points = factory.get(Point, process.env.POINTS ?? 'points')",
      )
      commitAll('Stubs and a source')
      for (const name of ['training_points', 'evaluation_points']) {
        const run = runBinary(['run', 'pipelines/make-data.ts'], {
          cwd: project(),
          env: { ...GIT_IDENTITY, POINTS: name },
        })
        expect(run.exitCode).toBe(0)
      }

      const unfilled = hypergol(['train', 'models/train-quadrants.ts', '--steps', '2'])
      expect(unfilled.exitCode).not.toBe(0)
      expect(unfilled.stderr).toContain('not implemented: QuadrantsBatchProcessor.processTrainingBatch()')
      expect(unfilled.stderr).not.toContain('    at ')

      fill(
        'models/blocks/dense.ts',
        'not implemented: Dense.apply',
        'return this.dense.apply(input) as tf.Tensor',
      )
      fill(
        'models/quadrants.ts',
        'not implemented: Quadrants.getOutputs',
        'return this.blocks.dense.apply(inputs.xy as tf.Tensor)',
      )
      fill(
        'models/quadrants.ts',
        'not implemented: Quadrants.getLoss',
        'return tf.losses.softmaxCrossEntropy(targets, outputs) as tf.Scalar',
      )
      fill(
        'models/quadrants-batch-processor.ts',
        'not implemented: QuadrantsBatchProcessor.processTrainingBatch',
        "return { inputs: { xy: tf.tensor2d(objects.map((p) => [p.x, p.y])) }, targets: tf.oneHot(tf.tensor1d(objects.map((p) => p.quadrant), 'int32'), 32) }",
      )
      fill(
        'models/quadrants-batch-processor.ts',
        'not implemented: QuadrantsBatchProcessor.processEvaluationBatch',
        'const guesses = outputs.argMax(-1).arraySync() as number[]; return objects.map((p, i) => new PointGuess({ pointId: p.pointId, quadrant: guesses[i] as number, step }))',
      )
      const branch = commitAll('Logic')

      const trained = hypergol(['train', 'models/train-quadrants.ts', '--steps', '12'])
      const data = join(project(), 'data', 'my_first_project', branch)
      const signature = JSON.parse(
        readFileSync(join(data, 'models', 'Quadrants', '12', 'signature.json'), 'utf8'),
      )
      const verify = hypergol(['dataset', 'verify', join(data, 'point_guesses_0')])

      expect(trained.exitCode).toBe(0)
      expect(readdirSync(join(data, 'models', 'Quadrants')).sort()).toEqual(['0', '10', '12'])
      expect(signature.longName).toMatch(/^Quadrants_\d{8}_[0-9a-f]{40}$/)
      expect(verify.exitCode).toBe(0)
      expect(hypergol(['test']).exitCode).toBe(0)
      expect(hypergol(['check']).exitCode).toBe(0)
    },
    TIMEOUT,
  )

  test('given classes or blocks the project lacks, then create model names them and writes nothing', () => {
    hypergol(['new', 'MyFirstProject', '--no-git'], workspace)
    hypergol(['create', 'data-model', 'Point', 'pointId:int:id', 'x:float'])

    const unknownBlock = hypergol([
      'create',
      'model',
      'Quadrants',
      'Point',
      'Point',
      'Point',
      'Point',
      'Dense',
    ])
    const tooFew = hypergol(['create', 'model', 'Quadrants', 'Point'])

    expect(unknownBlock.exitCode).toBe(2)
    expect(unknownBlock.stderr).toContain('"Dense" is not a model block of this project [E_INVALID_ARGUMENT]')
    expect(unknownBlock.stderr).toContain('hypergol create model-block Dense')
    expect(tooFew.exitCode).toBe(2)
    expect(tooFew.stderr).toContain(
      'a model needs its TrainingClass, EvaluationClass, InputClass, OutputClass',
    )
    expect(existsSync(join(project(), 'models', 'quadrants.ts'))).toBe(false)
  })
})
