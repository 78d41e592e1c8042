/**
 * A writer process for crash tests: writes COUNT `Small` objects to `<location>/demo/main/smalls` and prints
 * `published <checksum>`. Usage: bun write-small-dataset.ts LOCATION COUNT [--force]
 */
import { Dataset } from '../../src/index.ts'
import { makeSmall, Small } from './fixture-classes.ts'

const [location, countText, flag] = process.argv.slice(2)
if (location === undefined || countText === undefined) throw new Error('usage: LOCATION COUNT [--force]')
const dataset = new Dataset(Small, { location, project: 'demo', branch: 'main', name: 'smalls' })
const writer = dataset.openWriter({ force: flag === '--force' })
const count = Number(countText)
for (let k = 0; k < count; k++) writer.append(makeSmall(k))
const result = writer.close()
console.log(`published ${result.checksum}`)
