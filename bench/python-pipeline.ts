/**
 * The Python original's figure for the pipeline suite (issue 20), measured in the same run as hypergol's: a
 * standard-library reproduction of Hypergol 0.2.1's Task/Pipeline machinery running the bench pipeline
 * (bench/python-original/pipeline_double_smalls.py says what it reproduces and where it is generous to the
 * original), since the original itself cannot be installed here. It reads `smalls` under the same data
 * directory that hypergol's runs read, so both meet the same input, and it returns its output chunks'
 * SHA-1s, which must equal those of hypergol's `doubled.chk`: the same bytes show it did the same work.
 */
import { join } from 'node:path'

const SCRIPT = join(import.meta.dir, 'python-original', 'pipeline_double_smalls.py')

export interface PythonPipelineRun {
  /** The pipeline's construction and run as the script times it: no interpreter start, no imports. */
  ms: number
  /**
   * The whole child process as seen from here, as hypergol's runs are timed: interpreter start and imports
   * included, and the script's deleting the previous output and reading the `.chk` afterwards.
   */
  wallMs: number
  objects: number
  /** `doubled_<chunkId>.jsonl.gz` → SHA-1 of its uncompressed content, from the output `.chk`. */
  chunkSha1s: Record<string, string>
}

/**
 * The interpreter behind `python3` on PATH, asked once per process: a pyenv shim there is a shell script
 * that takes about 0.25 s per start, which `wallMs` would charge to the original. `null` when there is none.
 */
let interpreter: string | null | undefined

const findInterpreter = (): string | null => {
  if (interpreter !== undefined) return interpreter
  const python = Bun.which('python3')
  if (python === null) {
    console.error('pipeline: no python3 on PATH; the Python original is not measured')
    interpreter = null
    return null
  }
  const asked = Bun.spawnSync([python, '-c', 'import sys; print(sys.executable)'], {
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const executable = asked.stdout.toString().trim()
  interpreter = asked.exitCode === 0 && executable !== '' ? executable : python
  return interpreter
}

/**
 * Runs the reproduction over `<dataDir>/bench/b/smalls` into `<dataDir>/bench/b/doubled` (which it deletes
 * first) on `threads` worker processes; `undefined` when there is no `python3` on PATH (said on stderr
 * once). Throws with the script's stderr when it fails, also when a job reported an exception, so that a
 * broken reproduction never yields a figure.
 */
export const runPythonOriginalPipeline = (
  dataDir: string,
  threads: number,
): PythonPipelineRun | undefined => {
  const python = findInterpreter()
  if (python === null) return undefined
  const started = performance.now()
  const child = Bun.spawnSync([python, SCRIPT, dataDir, String(threads)], { stdout: 'pipe', stderr: 'pipe' })
  const wallMs = performance.now() - started
  if (child.exitCode !== 0)
    throw new Error(
      `${SCRIPT} failed (${child.exitCode ?? child.signalCode}):\n${child.stderr.toString().trim()}`,
    )
  const { ms, objects, chunkSha1s } = JSON.parse(child.stdout.toString()) as Omit<PythonPipelineRun, 'wallMs'>
  return { ms, wallMs, objects, chunkSha1s }
}
