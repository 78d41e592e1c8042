/**
 * The storage suite (issue 21): 1,000,000 `Small` objects in 16 chunks written with `Dataset.writeAll` and
 * read with every chunk verified, to and from a local folder and an S3 bucket (OpenStack Swift's S3 API on this machine, started by
 * `scripts/services` for the suite, so client and server share the two cores), and copied to the bucket and
 * back with `dataset copy`. Reads alternate between the two places, best of three each.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { servicesEnv, startServices, stopServices } from '../scripts/services/index.ts'
import { instanceBuilderOf } from '../src/data/base-data.ts'
import { copyDataset } from '../src/dataset/copy.ts'
import { Dataset } from '../src/dataset/dataset.ts'
import { loadDatasetAt } from '../src/dataset/dataset-at.ts'
import { readDatasetObjects } from '../src/dataset/reader.ts'
import { makeSmall, Small } from '../test/helpers/fixture-classes.ts'
import { TEST_REPO_INFO } from '../test/helpers/repo-info.ts'
import { prepareSmalls } from './pipeline.ts'
import { report, timeOf } from './report.ts'

const SUITE = 'storage'
const N = 1_000_000

const readAll = async (location: string): Promise<void> => {
  const dataset = await loadDatasetAt(location)
  let count = 0
  for await (const block of readDatasetObjects(dataset, Small.fields, instanceBuilderOf(Small)))
    count += block.length
  if (count !== N) throw new Error(`read ${count} of ${N} from ${location}`)
}

export const runStorageSuite = async (): Promise<void> => {
  const state = await startServices()
  Object.assign(process.env, servicesEnv(state))
  const dataDir = await prepareSmalls(N)
  try {
    const bucket = process.env.HYPERGOL_TEST_S3_BUCKET
    if (bucket === undefined)
      throw new Error(`the S3 server did not start: ${process.env.HYPERGOL_TEST_S3_ERROR}`)
    const local = join(dataDir, 'bench', 'b', 'smalls')
    const remote = `s3://${bucket}/bench-${process.pid}/smalls`
    const back = join(dataDir, 'back', 'smalls')
    // Writing: the same objects with Dataset.writeAll to a folder and to the bucket (a local write, then a
    // verified upload), alternating.
    const objects = Array.from({ length: N }, (_, k) => makeSmall(k))
    const writes = { local: Infinity, s3: Infinity }
    for (let turn = 0; turn < 2; turn++) {
      const datasetAt = (location: string) =>
        new Dataset(Small, {
          location,
          project: 'w',
          branch: 'b',
          name: `write_${turn}`,
          repoInfo: TEST_REPO_INFO,
        })
      writes.local = Math.min(writes.local, await timeOf(() => datasetAt(dataDir).writeAll(objects)))
      writes.s3 = Math.min(
        writes.s3,
        await timeOf(() => datasetAt(`s3://${bucket}/bench-${process.pid}`).writeAll(objects)),
      )
    }
    const up = await timeOf(() => copyDataset(local, remote))
    const down = await timeOf(() => copyDataset(remote, back))
    const best = { local: Infinity, s3: Infinity }
    for (let turn = 0; turn < 3; turn++) {
      best.local = Math.min(best.local, await timeOf(() => readAll(local)))
      best.s3 = Math.min(best.s3, await timeOf(() => readAll(remote)))
    }
    const rate = (ms: number) => (N / ms) * 1000
    report(SUITE, 'dataset_local_write', rate(writes.local), 'objects/s')
    report(SUITE, 'dataset_s3_write', rate(writes.s3), 'objects/s')
    report(SUITE, 'dataset_s3_write_share_of_local', (writes.local / writes.s3) * 100, '%')
    report(SUITE, 'dataset_local_read', rate(best.local), 'objects/s')
    report(SUITE, 'dataset_s3_read', rate(best.s3), 'objects/s')
    report(SUITE, 'dataset_s3_read_share_of_local', (best.local / best.s3) * 100, '%')
    report(SUITE, 'dataset_copy_to_s3', rate(up), 'objects/s')
    report(SUITE, 'dataset_copy_from_s3', rate(down), 'objects/s')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
    await stopServices(state)
  }
}
