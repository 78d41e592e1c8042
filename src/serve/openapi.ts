/**
 * @module openapi
 * The OpenAPI 3.1 document of a served model (`GET /openapi.json`), built from the TypeBox schemas of its
 * input and output classes. Every data class, nested ones included, is a named component
 * (`#/components/schemas/Label`), as in the original's FastAPI document, so client generators give them
 * their own types.
 */
import type { DataClassOf } from '../data/base-data.ts'
import { schemaOfDataClass } from '../data/typebox-schema.ts'
import type { JsonValue } from '../model/json-value.ts'

type JsonObject = { [key: string]: JsonValue }

/** What the document says about the server. */
export interface ApiInfo {
  title: string
  description: string
  version: string
  longName: string
  inputClass: DataClassOf
  outputClass: DataClassOf
  maxItems: number
}

const isObject = (value: JsonValue): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Components by name, built by replacing each data class schema (an object with a title) by a `$ref`. */
class Components {
  readonly schemas: JsonObject = {}

  /** A `$ref` to `schema`'s component, adding it (and the classes it nests) when new. */
  refTo(schema: JsonObject): JsonObject {
    const body = this.inline(schema, true) as JsonObject
    const base = String(schema.title)
    let name = base
    // Two classes of one name (from different modules) get distinct components.
    for (
      let n = 2;
      name in this.schemas && JSON.stringify(this.schemas[name]) !== JSON.stringify(body);
      n++
    ) {
      name = `${base}${n}`
    }
    this.schemas[name] = body
    return { $ref: `#/components/schemas/${name}` }
  }

  private inline(value: JsonValue, isRoot = false): JsonValue {
    if (Array.isArray(value)) return value.map((item) => this.inline(item))
    if (!isObject(value)) return value
    if (!isRoot && value.type === 'object' && typeof value.title === 'string') return this.refTo(value)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.inline(item)]))
  }
}

/** A data class's schema as plain JSON (TypeBox marks its schemas with symbols, which JSON drops). */
const jsonSchemaOf = (dataClass: DataClassOf): JsonObject =>
  JSON.parse(JSON.stringify(schemaOfDataClass(dataClass))) as JsonObject

const HEADERS: JsonObject = {
  'X-Model-Long-Name': {
    description: 'The long name of the model that answered: `<ModelClass>_<YYYYMMDD>_<commit>`.',
    schema: { type: 'string' },
  },
  'X-Process-Time': {
    description: 'Seconds the server spent on the request, as a decimal string.',
    schema: { type: 'string' },
  },
}

const json = (schema: JsonValue, description: string): JsonObject => ({
  description,
  headers: HEADERS,
  content: { 'application/json': { schema } },
})

const text = (contentType: string, description: string): JsonObject => ({
  description,
  headers: HEADERS,
  content: { [contentType]: { schema: { type: 'string' } } },
})

const ERROR: JsonObject = {
  type: 'object',
  required: ['error', 'message', 'details'],
  properties: {
    error: { type: 'string', description: 'A stable code, e.g. `E_REQUEST_INVALID`.' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'A JSON pointer into the request body, e.g. `/0/words/2`.' },
          message: { type: 'string' },
        },
      },
    },
  },
}

const error = (description: string): JsonObject => json({ $ref: '#/components/schemas/Error' }, description)

const get = (summary: string, responses: JsonObject): JsonObject => ({ get: { summary, responses } })

/** The OpenAPI 3.1 document of a served model. */
export const openApiDocument = (info: ApiInfo): JsonObject => {
  const components = new Components()
  const input = components.refTo(jsonSchemaOf(info.inputClass))
  const output = components.refTo(jsonSchemaOf(info.outputClass))
  components.schemas.Error = ERROR
  const inputName = info.inputClass.name
  return {
    openapi: '3.1.0',
    info: { title: info.title, description: info.description, version: info.version },
    paths: {
      '/': get('The server: title, version, description and the model long name', {
        200: json(
          {
            type: 'object',
            required: ['title', 'version', 'description', 'model'],
            properties: {
              title: { type: 'string' },
              version: { type: 'string' },
              description: { type: 'string' },
              model: { type: 'string' },
            },
          },
          'The server',
        ),
      }),
      '/output': {
        post: {
          summary: `The model's outputs for a batch of ${inputName} objects, one per object, in order`,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'array', items: input, minItems: 1, maxItems: info.maxItems },
              },
            },
          },
          responses: {
            200: json({ type: 'array', items: output }, `One ${info.outputClass.name} per request object`),
            413: error('The body or the array is larger than the server accepts'),
            422: error(
              `The body is not JSON, not a non-empty array, or has objects that are not ${inputName}s`,
            ),
            500: error('The model failed on a valid request'),
          },
        },
      },
      '/lineage': get("The model's identity and its training data's lineage", {
        200: json({ type: 'object' }, 'Long name, training dataset checksum and its lineage tree'),
      }),
      '/healthz': get('Liveness: the process answers', { 200: json({ type: 'object' }, 'Alive') }),
      '/readyz': get('Readiness: the model is loaded and the server is not shutting down', {
        200: json({ type: 'object' }, 'Ready'),
        503: json({ type: 'object' }, 'Shutting down'),
      }),
      '/metrics': get('Prometheus metrics', { 200: text('text/plain', 'Prometheus text format 0.0.4') }),
      '/openapi.json': get('This document', { 200: json({ type: 'object' }, 'OpenAPI 3.1') }),
      '/docs': get('A page describing and trying this API, which needs no network', {
        200: text('text/html', 'HTML'),
      }),
    },
    components: { schemas: components.schemas },
  }
}
