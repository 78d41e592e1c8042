import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, openSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HypergolError } from '../../src/errors.ts'
import { osErrorOf } from '../../src/os-error.ts'

/** An OS error as Node and Bun make them: `CODE: description, syscall 'path'`. */
const systemError = (code: string, description: string, syscall: string, path: string) =>
  Object.assign(new Error(`${code}: ${description}, ${syscall} '${path}'`), {
    code,
    syscall,
    path,
    errno: -1,
  })

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hypergol-'))
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('osErrorOf', () => {
  test('given a real ELOOP from opening a symlink loop, when mapped, then one E_IO line says cannot open the path and why', () => {
    const loop = join(root, 'loop')
    symlinkSync(loop, loop)
    let thrown: unknown
    try {
      openSync(loop, 'r')
    } catch (error) {
      thrown = error
    }

    const error = osErrorOf(thrown)

    expect(error).toBeInstanceOf(HypergolError)
    expect(error?.code).toBe('E_IO')
    expect(error?.message).toBe(`cannot open ${loop}: too many levels of symbolic links (ELOOP)`)
    expect(error?.hint).toContain('symbolic link')
  })

  test.each([
    ['EBUSY', 'device or resource busy'],
    ['ENFILE', 'too many open files in the system'],
    ['EFBIG', 'file too large'],
    ['ESTALE', 'stale file handle'],
    ['ETIMEDOUT', 'timed out'],
  ])('given %s, when mapped, then the cause is said in words (%s) with its own hint', (code, cause) => {
    const error = osErrorOf(systemError(code, 'whatever the OS says', 'write', '/d/x'))

    expect(error?.message).toBe(`cannot write /d/x: ${cause} (${code})`)
    expect(error?.hint).not.toBe('')
    expect(error?.hint).not.toContain('whatever')
  })

  test('given an OS error code hypergol has no words for, when mapped, then it is still one E_IO line with the OS message and the code', () => {
    const error = osErrorOf(systemError('EXDEV', 'cross-device link not permitted', 'rename', '/a/b'))

    expect(error?.code).toBe('E_IO')
    expect(error?.message).toBe('cannot rename /a/b: cross-device link not permitted (EXDEV)')
    expect(error?.hint).toBeDefined()
  })

  test.each([
    ['open', 'open'],
    ['read', 'read'],
    ['scandir', 'read'],
    ['mkdir', 'create the directory'],
  ])('given an error of syscall %s, when mapped, then it says cannot %s', (syscall, verb) => {
    const error = osErrorOf(systemError('EACCES', 'permission denied', syscall, '/p'))

    expect(error?.message).toBe(`cannot ${verb} /p: permission denied (EACCES)`)
  })

  test.each([
    ['a plain Error', new Error('plain')],
    ["a library's coded error", Object.assign(new Error('library'), { code: 'ERR_INVALID_ARG_TYPE' })],
    [
      'an E-code without syscall, errno or path',
      Object.assign(new Error('no syscall'), { code: 'EWHATEVER' }),
    ],
    ['a HypergolError', new HypergolError('E_USAGE', 'ours')],
    ['a string', 'a string'],
  ])('given %s, which is no OS error, when mapped, then undefined', (_, error) => {
    expect(osErrorOf(error)).toBeUndefined()
  })
})
