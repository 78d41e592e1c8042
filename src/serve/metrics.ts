/**
 * @module metrics
 * The numbers behind `GET /metrics`, in the Prometheus text format (version 0.0.4): requests and their
 * latency by route, method and status, requests whose client went away before the answer, requests refused
 * before routing (they do not parse), objects per model call and the calls' latency, every series labelled
 * with the model's long name so that dashboards can tell models apart across deployments.
 */

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

/** A label value escaped as the text format requires. */
const escapeLabel = (value: string): string =>
  value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')

const labelText = (labels: { [name: string]: string }): string =>
  Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',')

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>()

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}

  observe(labels: string, value: number): void {
    let entry = this.series.get(labels)
    if (entry === undefined) {
      entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(labels, entry)
    }
    // Counts per bucket, made cumulative when rendered.
    const { buckets } = this
    for (let index = 0; index < buckets.length; index++) {
      if (value <= (buckets[index] as number)) {
        entry.counts[index] = (entry.counts[index] as number) + 1
        break
      }
    }
    entry.sum += value
    entry.count++
  }

  /** How many values were observed with each label set. */
  counts(): [labels: string, count: number][] {
    return [...this.series].map(([labels, entry]) => [labels, entry.count])
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    for (const [labels, entry] of this.series) {
      let cumulative = 0
      for (const [index, bound] of this.buckets.entries()) {
        cumulative += entry.counts[index] as number
        lines.push(`${this.name}_bucket{${labels},le="${bound}"} ${cumulative}`)
      }
      lines.push(`${this.name}_bucket{${labels},le="+Inf"} ${entry.count}`)
      lines.push(`${this.name}_sum{${labels}} ${entry.sum}`)
      lines.push(`${this.name}_count{${labels}} ${entry.count}`)
    }
    return lines
  }
}

/** A counter per label set. */
class Counter {
  private readonly series = new Map<string, number>()

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  increment(labels: string): void {
    this.series.set(labels, (this.series.get(labels) ?? 0) + 1)
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    for (const [labels, count] of this.series) lines.push(`${this.name}{${labels}} ${count}`)
    return lines
  }
}

/** The serving metrics of one model. */
export class ServeMetrics {
  private readonly model: string
  /** Label texts by route, method and status, made once each (they are on every request's path). */
  private readonly labelsByKey = new Map<string, string>()
  private readonly latency = new Histogram(
    'hypergol_http_request_duration_seconds',
    'Time from receiving a request to answering it, by route, method and status.',
    LATENCY_BUCKETS,
  )
  private readonly batchSizes = new Histogram(
    'hypergol_model_batch_size',
    'Objects per model call (several requests when batching).',
    BATCH_BUCKETS,
  )
  private readonly batchLatency = new Histogram(
    'hypergol_model_call_duration_seconds',
    'Time of one model call: processInputBatch, getOutputs and processOutputBatch.',
    LATENCY_BUCKETS,
  )
  private readonly aborted = new Counter(
    'hypergol_http_aborted_total',
    'Requests whose client went away (aborted or timed out) before the answer, by route and method; not in hypergol_http_requests_total.',
  )
  private readonly malformed = new Counter(
    'hypergol_http_malformed_total',
    'Requests refused before routing because they do not parse (request line, headers, HTTP version, method), by status.',
  )
  private readonly started = Date.now() / 1000

  constructor(
    readonly longName: string,
    readonly step: number,
  ) {
    this.model = labelText({ model: longName })
  }

  /** Records one answered request; `route` is the route's pattern (`/output`), or `unmatched`. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`
    let labels = this.labelsByKey.get(key)
    if (labels === undefined) {
      labels = `${this.model},${labelText({ route, method, status: String(status) })}`
      this.labelsByKey.set(key, labels)
    }
    this.latency.observe(labels, seconds)
  }

  /** Records a request whose client went away before it was answered. */
  observeAborted(route: string, method: string): void {
    this.aborted.increment(`${this.model},${labelText({ route, method })}`)
  }

  /** Records a request that did not parse, answered with `status`. */
  observeMalformed(status: number): void {
    this.malformed.increment(`${this.model},${labelText({ status: String(status) })}`)
  }

  /** Records one model call. */
  observeBatch(size: number, seconds: number): void {
    this.batchSizes.observe(this.model, size)
    this.batchLatency.observe(this.model, seconds)
  }

  /** Every metric in the Prometheus text format. */
  render(): string {
    const lines = [
      '# HELP hypergol_model_info The served model: its long name and checkpoint step.',
      '# TYPE hypergol_model_info gauge',
      `hypergol_model_info{${this.model},step="${this.step}"} 1`,
      '# HELP hypergol_start_time_seconds When the server started, in Unix seconds.',
      '# TYPE hypergol_start_time_seconds gauge',
      `hypergol_start_time_seconds{${this.model}} ${this.started}`,
      '# HELP hypergol_http_requests_total Requests answered, by route, method and status.',
      '# TYPE hypergol_http_requests_total counter',
      // The request counter is the latency histogram's count: one observation per answered request.
      ...this.latency.counts().map(([labels, count]) => `hypergol_http_requests_total{${labels}} ${count}`),
      ...this.latency.render(),
      ...this.aborted.render(),
      ...this.malformed.render(),
      ...this.batchSizes.render(),
      ...this.batchLatency.render(),
    ]
    return `${lines.join('\n')}\n`
  }
}
