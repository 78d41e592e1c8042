/**
 * A serving app around a model in plain JavaScript (no tfjs): `Query` in, `Answer` out, one answer per
 * query, counting its tokens. Its `predict` records every call, and refuses or fails on request, so tests
 * see exactly what the app and the batcher did.
 */

import { HypergolError } from '../../src/errors.ts'
import { BaseData, field } from '../../src/index.ts'
import { type AppModel, createServeApp, type ServeAppOptions } from '../../src/serve/app.ts'

class Label extends BaseData.define({ name: field.str(), score: field.float() }) {}

class Query extends BaseData.define({
  queryId: field.int({ id: true }),
  text: field.str(),
  tokens: field.list(field.str()),
  label: field.optional(field.data(Label)),
  askedAt: field.datetime(),
}) {}

export class Answer extends BaseData.define({
  queryId: field.int({ id: true }),
  tokenCount: field.int(),
  labels: field.list(field.data(Label)),
}) {}

export const LONG_NAME = 'Counter_20261202_1111111111111111111111111111111111111111'

/** A valid request object; `queryId` tells them apart. */
export const queryData = (queryId: number, tokens = ['a', 'b']) => ({
  queryId,
  text: tokens.join(' '),
  tokens,
  label: { name: 'x', score: 0.5 },
  askedAt: '2026-12-02T10:00:00.000001',
})

/** Tokens that make the fake model's processInputBatch refuse, or its getOutputs fail. */
export const REFUSED = 'refuse-me'
export const FAILING = 'fail-me'

/** The model of the app: every call's query ids are in `calls`. */
export const fakeModel = (calls: number[][] = []): AppModel => ({
  modelName: 'Counter',
  longName: LONG_NAME,
  step: 30,
  inputClass: Query,
  outputClass: Answer,
  lineage: { longName: LONG_NAME, trainingData: { name: 'queries', checksum: 'c'.repeat(40) } },
  predict: (objects) => {
    const queries = objects as Query[]
    calls.push(queries.map((query) => query.queryId))
    if (queries.some((query) => query.tokens.includes(REFUSED))) {
      throw new HypergolError(
        'E_REQUEST_REJECTED',
        'Counter: processInputBatch rejected the request: refused',
      )
    }
    if (queries.some((query) => query.tokens.includes(FAILING))) {
      throw new HypergolError('E_SERVING_FAILED', 'Counter: getOutputs failed: boom')
    }
    return queries.map(
      (query) =>
        new Answer({
          queryId: query.queryId,
          tokenCount: query.tokens.length,
          labels: query.label === null ? [] : [query.label],
        }),
    )
  },
})

export const DEFAULT_OPTIONS: ServeAppOptions = { version: '0.1.0', maxItems: 100, maxBodyBytes: 64 * 1024 }

/** The app over {@link fakeModel}. */
export const fakeApp = (options: Partial<ServeAppOptions> = {}, calls: number[][] = []) =>
  createServeApp(fakeModel(calls), { ...DEFAULT_OPTIONS, ...options })

/** `POST /output` with `body` (a string is sent as is). */
export const postOutput = (app: { handle(request: Request): Promise<Response> }, body: unknown) =>
  app.handle(
    new Request('http://localhost/output', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
