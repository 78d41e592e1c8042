/**
 * @module output-body
 * The body of a `POST /output` answer: the output objects in their `toData()` shape, each checked against
 * the output class's schema (a `processOutputBatch` that makes something else is the model's failure, not
 * the client's), as JSON text. Integers of `bigint` members, and in `json` members, go out as their digits,
 * exact at any size, which `JSON.stringify` alone refuses.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { BaseData, DataClassOf } from '../data/base-data.ts'
import { schemaOfDataClass } from '../data/typebox-schema.ts'
import { HypergolError } from '../errors.ts'

/** `JSON.rawJSON` (Bun has it; TypeScript's lib does not declare it yet): text written as is by stringify. */
const { rawJSON } = JSON as unknown as { rawJSON(text: string): unknown }

const digitsOfBigints = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? rawJSON(value.toString()) : value

/** `value` as JSON text, bigints as their digits. */
export const jsonText = (value: unknown, indent?: number): string => {
  try {
    return JSON.stringify(value, null, indent)
  } catch (error) {
    // Only values holding bigints pay for the replacer.
    if (!(error instanceof TypeError)) throw error
    return JSON.stringify(value, digitsOfBigints, indent)
  }
}

/** `value` with its bigints as decimal strings, a form the schema of a `bigint` member accepts. */
const bigintsAsStrings = (value: unknown): unknown => {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(bigintsAsStrings)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bigintsAsStrings(item)]))
  }
  return value
}

/** Renders the answers of the model `modelName`, whose outputs are `outputClass` objects. */
export const createOutputBody = (
  modelName: string,
  outputClass: DataClassOf,
): ((outputs: BaseData[]) => string) => {
  const check = TypeCompiler.Compile(schemaOfDataClass(outputClass))
  return (outputs) => {
    const data = outputs.map((output) => output.toData())
    // Check is compiled and fast; Errors, which walks the whole schema, only runs for an object that fails.
    for (const [index, item] of data.entries()) {
      if (check.Check(item)) continue
      const plain = bigintsAsStrings(item)
      if (check.Check(plain)) continue
      const wrong = check.Errors(plain).First()
      throw new HypergolError(
        'E_SERVING_FAILED',
        `${modelName}: processOutputBatch made an object that does not fit ${outputClass.name}: object ${index}, ${wrong?.path || '(root)'}: ${wrong?.message}`,
        { hint: 'Fix processOutputBatch.' },
      )
    }
    return jsonText(data)
  }
}
