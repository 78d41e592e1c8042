/**
 * @module service
 * A test server started by `scripts/services`: its processes (stopped by PID) and the environment variables
 * that tell the tests where it is.
 */
export interface Service {
  name: string
  pids: number[]
  env: Record<string, string>
}
