/**
 * @module code-skew
 * Whether a checkpoint is about to run with code other than the code that trained it. A checkpoint records
 * the SHA-1 of every project file its training script imports (the model, its blocks, the batch processor,
 * the data classes, their helpers); `hypergol serve` and `hypergol train --restore` compare them with the
 * files now and warn, or refuse with `--strict`, naming the files that changed. Checkpoints written before
 * hypergol recorded the files are compared through git: the files the script imports now, against the
 * commit the checkpoint records.
 */
import { HypergolError } from '../errors.ts'
import { runGit } from '../git.ts'
import { getLogger } from '../logger.ts'
import { changedSources, collectLocalSources, relativeSources } from '../runtime/local-sources.ts'
import type { CheckpointSignature } from './checkpoint.ts'

/** The project files the training script at `script` (absolute) imports, relative to `projectDir`. */
export const recordTrainingCode = (script: string, projectDir: string): { [path: string]: string } =>
  relativeSources(collectLocalSources(script).sources, projectDir)

/** The files changed since the checkpoint was trained, according to git, for a checkpoint with no record. */
const changedSinceCommit = (commit: string, paths: string[], projectDir: string): string[] | undefined => {
  if (/^0+$/.test(commit) || paths.length === 0) return undefined
  const diff = runGit(['diff', '--name-only', '--relative', commit, '--', ...paths], projectDir)
  if (!diff.ok) return undefined
  const untracked = runGit(['ls-files', '--others', '--exclude-standard', '--', ...paths], projectDir)
  const listed = `${diff.stdout}\n${untracked.ok ? untracked.stdout : ''}`
  return [...new Set(listed.split('\n').filter((line) => line !== ''))].sort()
}

/**
 * The project files whose content differs from when `signature`'s checkpoint was trained (changed, added
 * or gone), or `undefined` when that cannot be told (no record, and git cannot say).
 */
const findChangedTrainingCode = (
  signature: CheckpointSignature,
  script: string,
  projectDir: string,
): string[] | undefined => {
  const now = recordTrainingCode(script, projectDir)
  if (signature.sources !== undefined) return changedSources(signature.sources, now)
  return changedSinceCommit(String(signature.repo.commitHash ?? ''), Object.keys(now), projectDir)
}

/**
 * Warns, or refuses when `strict`, when the checkpoint at `directory` would run with code other than the
 * code that trained it.
 *
 * @param doing what is about to happen, for the message: `served`, `restored`.
 * @throws HypergolError E_CHECKPOINT_MISMATCH with `strict`, naming the changed files.
 */
export const checkTrainingCode = (
  directory: string,
  signature: CheckpointSignature,
  script: string,
  options: { projectDir: string; strict: boolean; doing: string },
): void => {
  const changed = findChangedTrainingCode(signature, script, options.projectDir)
  if (changed === undefined || changed.length === 0) return
  const commit = String(signature.repo.commitHash ?? '').slice(0, 12)
  const message = `${directory} was trained with other code than the project's now: ${changed.join(', ')} changed since (trained at commit ${commit})`
  if (options.strict) {
    throw new HypergolError('E_CHECKPOINT_MISMATCH', message, {
      hint: `Check out the commit that trained it, or drop --strict to have it ${options.doing} with the code as it is now.`,
    })
  }
  getLogger().warn(`${message}; it is ${options.doing} with the code as it is now (--strict refuses)`)
}
