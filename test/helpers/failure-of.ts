/** The HypergolError an action throws; any other outcome fails the test that asked. */
import { HypergolError } from '../../src/index.ts'

export const failureOf = (action: () => unknown): HypergolError => {
  try {
    action()
  } catch (error) {
    if (error instanceof HypergolError) return error
    throw error
  }
  throw new Error('expected a HypergolError')
}
