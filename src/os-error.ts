/**
 * @module os-error
 * Errors of the operating system (a file that cannot be read or written, a full disk) as one line that
 * names the path and the cause in words, never a stack trace: `cannot write /data/x: no space left on device
 * (ENOSPC)`. Code that knows what it was doing wraps them with {@link osErrorOf}; the CLI converts any that
 * slip through the same way.
 */
import { statSync } from 'node:fs'
import { HypergolError } from './errors.ts'

/** What each error code means, and what to do about it. */
const CAUSES: { [code: string]: { cause: string; hint: string } } = {
  EACCES: {
    cause: 'permission denied',
    hint: 'Check the permissions of the path (ls -l) or run as its owner.',
  },
  EPERM: { cause: 'operation not permitted', hint: 'Check the permissions and attributes of the path.' },
  ENOENT: { cause: 'no such file or directory', hint: 'Check the path.' },
  ENOTDIR: {
    cause: 'not a directory',
    hint: 'Check the path: a file stands where a folder is needed.',
  },
  EISDIR: { cause: 'it is a directory', hint: 'Give the path of a file.' },
  EROFS: {
    cause: 'read-only file system',
    hint: 'Choose a writable location (for data: --data-dir), or remount the file system read-write.',
  },
  ENOSPC: { cause: 'no space left on device', hint: 'Free disk space (df -h shows where) and rerun.' },
  EDQUOT: { cause: 'disk quota exceeded', hint: 'Free space within your quota and rerun.' },
  EMFILE: { cause: 'too many open files', hint: 'Raise the limit (ulimit -n) and rerun.' },
  ENAMETOOLONG: { cause: 'file name too long', hint: 'Use shorter names or a shorter path.' },
  EEXIST: { cause: 'it already exists', hint: 'Remove it or choose another path.' },
  ENOTEMPTY: { cause: 'the directory is not empty', hint: 'Remove what is in it or choose another path.' },
  EIO: { cause: 'input/output error', hint: 'The disk or file system failed; check its health (dmesg).' },
  ELOOP: {
    cause: 'too many levels of symbolic links',
    hint: 'A symbolic link on the path points back into itself; check the links with ls -l.',
  },
  EBUSY: {
    cause: 'device or resource busy',
    hint: 'Another process holds it (or it is a mount point); wait for it or stop that process, and rerun.',
  },
  ENFILE: {
    cause: 'too many open files in the system',
    hint: 'The whole system ran out of file handles; close other programs (or raise fs.file-max) and rerun.',
  },
  EFBIG: {
    cause: 'file too large',
    hint: 'The file system or a limit (ulimit -f) caps the file size; write to another file system or raise the limit.',
  },
  ESTALE: {
    cause: 'stale file handle',
    hint: 'A network file system (NFS) lost track of the file; remount it and rerun.',
  },
  ETIMEDOUT: {
    cause: 'timed out',
    hint: 'A network file system or server did not answer in time; check it and rerun.',
  },
}

/** For a code without words of its own: the OS's message is the cause. */
const UNKNOWN_CODE_HINT = 'The operating system refused it; check the path and the device it is on.'

/** What an OS error carries (Node's and Bun's `SystemError`). */
interface SystemErrorLike {
  code: string
  path?: string
  dest?: string
  syscall?: string
}

/**
 * Whether `error` is an OS error: a code with words of its own, or any `E…` code (no `_`: `ERR_…` and our
 * `E_…` codes are not the OS's) on an error that names a system call, an errno or a path.
 */
const isSystemError = (error: unknown): error is Error & SystemErrorLike => {
  if (!(error instanceof Error)) return false
  const { code, syscall, errno, path } = error as {
    code?: unknown
    syscall?: unknown
    errno?: unknown
    path?: unknown
  }
  if (typeof code !== 'string') return false
  if (code in CAUSES) return true
  const fromTheOs = typeof syscall === 'string' || typeof errno === 'number' || typeof path === 'string'
  return /^E[A-Z0-9]+$/.test(code) && fromTheOs
}

/** The cause an OS error's message gives: `EXDEV: cross-device link not permitted, rename 'a' -> 'b'`. */
const causeOfMessage = (error: Error & SystemErrorLike): string =>
  error.message
    .replace(new RegExp(`^${error.code}: `), '')
    .replace(/, \w+ '.*$/s, '')
    .trim() || 'failed'

/** A verb for a system call, for `cannot <verb> <path>`. */
const verbOf = (syscall: string | undefined): string => {
  switch (syscall) {
    case 'open':
      return 'open'
    case 'read':
    case 'scandir':
    case 'stat':
    case 'lstat':
      return 'read'
    case 'mkdir':
      return 'create the directory'
    case 'rename':
      return 'rename'
    case 'unlink':
    case 'rmdir':
    case 'rm':
      return 'remove'
    default:
      return 'write'
  }
}

/**
 * `error` as E_IO naming `path` (or the path the error names) and its cause, when it is an OS error;
 * `undefined` otherwise.
 *
 * @param doing what was being done, when the error does not say: `write`, `read`, `create`.
 */
export const osErrorOf = (error: unknown, path?: string, doing?: string): HypergolError | undefined => {
  if (error instanceof HypergolError || !isSystemError(error)) return undefined
  const { cause, hint } = CAUSES[error.code] ?? { cause: causeOfMessage(error), hint: UNKNOWN_CODE_HINT }
  const where = path ?? error.path ?? '(unknown path)'
  return new HypergolError(
    'E_IO',
    `cannot ${doing ?? verbOf(error.syscall)} ${where}: ${cause} (${error.code})`,
    {
      cause: error,
      hint,
    },
  )
}

/** {@link osErrorOf}, or `error` itself when it is not an OS error. */
export const asHypergolError = (error: unknown, path?: string, doing?: string): unknown =>
  osErrorOf(error, path, doing) ?? error

/**
 * Whether `path` exists: `false` when it does not, `true` when it does, and E_IO when that cannot be told
 * (a folder on the way that cannot be read), where `existsSync` would say `false` and mislead.
 *
 * @throws HypergolError E_IO naming the path and the cause.
 */
export const existsOrThrow = (path: string): boolean => {
  try {
    statSync(path)
    return true
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false
    throw osErrorOf(error, path, 'read') ?? error
  }
}

/**
 * Runs `work`, which writes to `path`, turning an OS error into E_IO naming `path` (errors of calls on a
 * file descriptor, such as a full disk in `writeSync`, name no path of their own).
 */
export const writingTo = <T>(path: string, work: () => T): T => {
  try {
    return work()
  } catch (error) {
    throw asHypergolError(error, path, 'write')
  }
}
