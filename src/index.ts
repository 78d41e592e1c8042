/**
 * @module hypergol
 * The public API: what user code imports as `'hypergol'`. Anything not listed here is internal.
 */

export type { DataClass, DataClassOf, DataInput, DataValues } from './data/base-data.ts'
export { BaseData } from './data/base-data.ts'
export { exampleOf } from './data/example-of.ts'
export type { FieldMap, FieldSpec, ValueOf } from './data/field.ts'
export { field } from './data/field.ts'
export type { HashId, HashIdPart } from './data/hash-id.ts'
export { chunkIndexOf, hashIdSha1, renderHashIdText } from './data/hash-id.ts'
export type { JsonTree } from './data/json-tree.ts'
export { parseJsonTree, renderJsonTree, renderJsonTreeIndented } from './data/json-tree.ts'
export { CalendarDate, DateTime, TimeOfDay } from './data/temporal.ts'
export { schemaOfDataClass } from './data/typebox-schema.ts'
export type { ChunkCount } from './dataset/chunk-id.ts'
export { CHUNK_COUNTS, renderChunkId } from './dataset/chunk-id.ts'
export type { DatasetOptions, DatasetReadOptions, WriteAllOptions } from './dataset/dataset.ts'
export { Dataset } from './dataset/dataset.ts'
export type { DatasetDir } from './dataset/dataset-dir.ts'
export { loadDatasetDir } from './dataset/dataset-dir.ts'
export type { DatasetFactoryOptions } from './dataset/dataset-factory.ts'
export { DatasetFactory } from './dataset/dataset-factory.ts'
export type { DatasetDef } from './dataset/def-file.ts'
export type { RepoInfo } from './dataset/repo-info.ts'
export { DUMMY_REPO_INFO, loadRepoInfo } from './dataset/repo-info.ts'
export type { VerifyProblem, VerifyReport } from './dataset/verify.ts'
export { verifyDatasetDir } from './dataset/verify.ts'
export type { OpenWriterOptions, WriteResult } from './dataset/writer.ts'
export { DatasetWriter } from './dataset/writer.ts'
export type { ErrorCode } from './errors.ts'
export { HypergolError } from './errors.ts'
export type { TrainingBatch } from './model/base-batch-processor.ts'
export { BaseBatchProcessor } from './model/base-batch-processor.ts'
export type { Metrics, ModelBlocks } from './model/base-model.ts'
export { BaseModel } from './model/base-model.ts'
export type { Layer } from './model/base-model-block.ts'
export { BaseModelBlock } from './model/base-model-block.ts'
export type { CheckpointSignature, TensorSpec } from './model/checkpoint.ts'
export { readCheckpoint } from './model/checkpoint.ts'
export type { JsonValue } from './model/json-value.ts'
export type { RunTrainingOptions, TrainingReport } from './model/model-manager.ts'
export type { NamedTensors, Tensors } from './model/tensors.ts'
export type { Tf } from './model/tf.ts'
export { loadTf } from './model/tf.ts'
export type { RunTrainingFileOptions } from './model/train-file.ts'
export { runTrainingFile } from './model/train-file.ts'
export type { TrainingContext, TrainingDefinition, TrainingSetup } from './model/training.ts'
export { defineTraining } from './model/training.ts'
export type { RunContext } from './pipeline/pipeline.ts'
export { Pipeline } from './pipeline/pipeline.ts'
export type { PipelineRunReport, RunPipelineOptions } from './pipeline/run-pipeline.ts'
export { runPipelineFile } from './pipeline/run-pipeline.ts'
export type { TaskRunReport } from './pipeline/run-task.ts'
export type {
  AnyDataset,
  JobParameters,
  JobReport,
  SourceJob,
  TaskOptions,
  TaskOutput,
} from './pipeline/task.ts'
export { Task } from './pipeline/task.ts'
