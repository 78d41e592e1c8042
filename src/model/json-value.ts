/**
 * @module json-value
 * Plain JSON values: what model blocks and batch processors take as configuration, so that a checkpoint
 * can record it and rebuild the same objects later (restoring, serving).
 */

import type { JsonTree } from '../data/json-tree.ts'

/** A value `JSON.stringify` writes and `JSON.parse` gives back unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** Deep copy through JSON, so a recorded config cannot be changed behind the checkpoint's back. */
export const copyJson = <T extends JsonValue>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/**
 * A parsed dataset JSON tree (integers as `bigint`) as plain JSON: integers become numbers, or their exact
 * digits as a string beyond 2^53, which `JSON.stringify` could not write otherwise.
 */
export const jsonValueOfTree = (tree: JsonTree): JsonValue => {
  if (typeof tree === 'bigint') {
    return tree >= BigInt(Number.MIN_SAFE_INTEGER) && tree <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(tree)
      : String(tree)
  }
  if (Array.isArray(tree)) return tree.map(jsonValueOfTree)
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, jsonValueOfTree(value)]))
  }
  return tree
}
