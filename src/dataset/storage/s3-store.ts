/**
 * @module s3-store
 * An {@link ObjectStore} on an S3-compatible bucket through Bun's built-in `S3Client`, which reads the
 * endpoint and credentials from the environment (`S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`,
 * `S3_SECRET_ACCESS_KEY`, `S3_SESSION_TOKEN`, or the `AWS_*` ones). Each PUT is atomic: a reader never sees
 * part of an object (SCALE.md §2). Errors the server may not repeat (it was busy, the connection dropped)
 * are retried with backoff; a final failure names the object and S3's error code (Bun's client reports the
 * code, not the HTTP status).
 */
import { HypergolError } from '../../errors.ts'
import { byKey, joinKey, type ListedObject, type ObjectStore } from './object-store.ts'

/** S3 error codes that say "try again": the server was busy or the connection failed. */
const TRANSIENT = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'ConnectionRefused',
  'ConnectionClosed',
  'ConnectionReset',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
])

/** Attempts of one request, and the first wait between two (doubled each time: 0.1, 0.2, 0.4, 0.8 s). */
const ATTEMPTS = 5
const FIRST_WAIT_MS = 100

const codeOf = (error: unknown): string => String((error as { code?: unknown }).code ?? 'unknown')

/** The hint for an S3 error code: what the user can do about it. */
const hintFor = (code: string): string =>
  code === 'NoSuchBucket'
    ? 'Create the bucket first, or check the bucket name in the s3:// URL.'
    : code === 'AccessDenied' || code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId'
      ? 'Check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (or the AWS_* variables) and what they may access.'
      : TRANSIENT.has(code)
        ? 'The object store did not answer after several tries; check S3_ENDPOINT and that the server is up.'
        : 'Check S3_ENDPOINT, the credentials and the bucket.'

/**
 * The endpoint and credentials in the environment now, `S3_*` before `AWS_*`, as Bun's client reads them;
 * read when a store is made rather than once at start-up, so that they can be set by the process itself.
 */
const credentialsFromEnv = (): Bun.S3Options => {
  const pick = (name: string): string | undefined => process.env[`S3_${name}`] ?? process.env[`AWS_${name}`]
  const entries = {
    endpoint: pick('ENDPOINT'),
    region: pick('REGION'),
    accessKeyId: pick('ACCESS_KEY_ID'),
    secretAccessKey: pick('SECRET_ACCESS_KEY'),
    sessionToken: pick('SESSION_TOKEN'),
  }
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined))
}

/** Whether `error` is one Bun's S3 client raised (it carries S3's error code). */
export const isS3Error = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === 'S3Error'

/** E_STORAGE for an S3 error while `doing` (`read`, `write`…) the object at `url`. */
export const storageError = (error: unknown, url: string, doing: string, attempts = 1): HypergolError => {
  const code = codeOf(error)
  const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
  return new HypergolError(
    'E_STORAGE',
    `cannot ${doing} ${url}: ${code}${tries} (${(error as Error).message})`,
    {
      cause: error,
      hint: hintFor(code),
    },
  )
}

export class S3Store implements ObjectStore {
  private readonly client: Bun.S3Client

  /**
   * @param bucket the bucket; @param prefix the folder in it that is the store's root (may be empty).
   * @param options `endpoint` in place of the environment's; `waitMs`, the first wait before a retry.
   */
  constructor(
    readonly bucket: string,
    readonly prefix: string,
    options: { endpoint?: string; waitMs?: number } = {},
  ) {
    this.client = new Bun.S3Client({
      ...credentialsFromEnv(),
      bucket,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    })
    this.firstWaitMs = options.waitMs ?? FIRST_WAIT_MS
  }

  private readonly firstWaitMs: number

  get location(): string {
    return `s3://${joinKey(this.bucket, this.prefix)}`
  }

  private path(key: string): string {
    return joinKey(this.prefix, key)
  }

  describe(key: string): string {
    return `s3://${joinKey(this.bucket, this.prefix, key)}`
  }

  /** Runs `request`, again after a wait when it fails in a way the server may not repeat. */
  private async retried<T>(key: string, doing: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request()
      } catch (error) {
        const code = codeOf(error)
        if (!TRANSIENT.has(code) || attempt === ATTEMPTS)
          throw storageError(error, this.describe(key), doing, attempt)
        await Bun.sleep(this.firstWaitMs * 2 ** (attempt - 1))
      }
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.retried(key, 'read', () => this.client.file(this.path(key)).bytes())
    } catch (error) {
      if (codeOf((error as HypergolError).cause) === 'NoSuchKey') return undefined
      throw error
    }
  }

  stream(key: string): ReadableStream<Uint8Array<ArrayBuffer>> {
    return this.client.file(this.path(key)).stream()
  }

  exists(key: string): Promise<boolean> {
    return this.retried(key, 'look for', () => this.client.file(this.path(key)).exists())
  }

  async write(key: string, bytes: Uint8Array | string): Promise<void> {
    await this.retried(key, 'write', () => this.client.write(this.path(key), bytes))
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const folder = this.path(prefix)
    const found: ListedObject[] = []
    // Keys come back with the store's root in front; it is cut off.
    const root = joinKey(this.prefix)
    const rootLength = root === '' ? 0 : root.length + 1
    let continuationToken: string | undefined
    for (;;) {
      const page = await this.retried(prefix, 'list', () =>
        this.client.list({ prefix: folder === '' ? undefined : `${folder}/`, continuationToken }),
      )
      for (const object of page.contents ?? [])
        found.push({ key: object.key.slice(rootLength), size: object.size ?? 0 })
      if (!page.isTruncated || page.nextContinuationToken === undefined) break
      continuationToken = page.nextContinuationToken
    }
    return found.sort(byKey)
  }

  async remove(key: string): Promise<void> {
    await this.retried(key, 'remove', () => this.client.delete(this.path(key)))
  }
}
