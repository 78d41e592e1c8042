/**
 * The raw floor of the dataset and pipeline suites: the work of writing and reading objects with no
 * hypergol code in it, measured in the same run as hypergol's.
 */
import { GZIP_OPTIONS } from '../src/dataset/gzip-options.ts'

/**
 * The same work with no hypergol code: JSON.stringify + gzip + SHA-1, then gunzip + JSON.parse. It compresses
 * with hypergol's gzip settings: the choice of compressor is not overhead, and a floor with another one
 * would measure the compressors rather than hypergol.
 */
export class RawFloor {
  private compressed: Uint8Array<ArrayBuffer>[] = []

  constructor(private readonly plain: unknown[]) {}

  write(): void {
    const chunks = 16
    const buckets: string[][] = Array.from({ length: chunks }, () => [])
    for (let i = 0; i < this.plain.length; i++)
      (buckets[i % chunks] as string[]).push(JSON.stringify(this.plain[i]))
    this.compressed = buckets.map((lines) => {
      const bytes = Buffer.from(`${lines.join('\n')}\n`)
      new Bun.CryptoHasher('sha1').update(bytes).digest('hex')
      return Bun.gzipSync(bytes, GZIP_OPTIONS)
    })
  }

  read(): void {
    let count = 0
    for (const gz of this.compressed) {
      for (const line of new TextDecoder().decode(Bun.gunzipSync(gz)).split('\n'))
        if (line !== '') count += JSON.parse(line) ? 1 : 0
    }
    if (count !== this.plain.length) throw new Error('floor read lost objects')
  }
}
