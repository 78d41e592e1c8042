/** Fixed git facts for tests and benchmarks, so written datasets never depend on the machine's git state. */
import type { RepoInfo } from '../../src/index.ts'

export const TEST_REPO_INFO: RepoInfo = {
  branchName: 'b',
  commitHash: '0'.repeat(40),
  commitMessage: '',
  comitterName: '',
  comitterEmail: '',
}
