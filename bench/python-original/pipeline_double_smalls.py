"""The Python original's Task/Pipeline machinery, for the pipeline suite's comparison (issue 20: print the
original's figure beside hypergol's, measured in the same run).

Hypergol 0.2.1 cannot be installed here, so this is a reproduction, written for this bench from reading the
0.2.1 sources (`dataset.py`, `datachunk.py`, `dataset_def_file.py`, `dataset_chk_file.py`, `task.py`,
`pipeline.py`, `utils.get_hash`, `base_data.py`, the `create_data_model` generator) against FORMAT.md and
RUNTIME.md, of what the original does for bench/pipelines/double-smalls.ts: read `smalls`, append each `Small`
with its value doubled to `doubled`. Standard library only. Reproduced, with the same operations in the same
order:

* the data class as `create_data_model Small smallId:int:id name:str value:float values:List[int]` generates
  it: no conversions, so `from_data` is `BaseData.from_data`, `cls(**data)`, and `to_data` is
  `BaseData.to_data`, a copy of `__dict__` (the generator writes per-field conversions only for temporal,
  `object` and nested data-class members, none of which `Small` has); `get_id` returns `(smallId,)`;
* reading, per object: a line from `gzip.open(chunk, 'rt')`, `json.loads(line.rstrip())`, `from_data`; the
  default `source_iterator` zipping the input chunks and comparing the tuple's hash ids (`force=False`);
  `log_counter`; `run` inside its try/except;
* appending, per object: the hash id's SHA-1 to route it, then in the chunk the class check and the same
  SHA-1 again (the original computes it twice), `json.dumps(obj.to_data(), sort_keys=True)` + `\n`, the
  chunk's SHA-1 updated with its UTF-8 bytes, the write to `gzip.open(chunk, 'wt')` (compression level 9,
  `gzip.open`'s default, as the original leaves it);
* per job, on a `multiprocessing.Pool` of THREADS worker processes (fork: Linux's default up to Python 3.13),
  `pool.map(task.execute, jobs)` (which pickles the task and the jobs to the workers): one job per input
  chunk, the input `.def` checked, a temporary dataset `<dataDir>/temp/doubled_temp/doubled_NNN/` with its
  `.def`, all 16 chunks open at once, its `.chk` on close;
* the merge on a second pool of THREADS processes, one merge job per output chunk: the output `.def` (with
  the input's `.def` and `.chk` checksum as its dependency), then per chunk the temporary chunks in sorted
  path order, read with `gzip.open(..., 'rt')` line by line and written again (SHA-1 + level-9 gzip); then the
  temporary datasets deleted file by file, `temp/doubled_temp` removed (the empty `temp/` is left, as the
  original leaves it), the output `.chk` written;
* the original's logging: a root-logger handler per Logger construction (also in each worker, through the
  Logger's pickling), and the START/END lines per job and per merge job.

Where it is, if anything, generous to the original: its log lines go to /dev/null rather than a terminal;
the repo data is the original's dummy one, so no git is read (the original reads it through GitPython when
the project is opened, which `ms` would not include anyway); nothing is imported but the standard library
(`import hypergol` loads TensorFlow, Torch and pydantic, seconds that neither `ms` nor, here, `wallMs` pays);
and it runs on this machine's Python 3.11, faster at plain Python than the 3.8 the original was released for.
`ms` is the pipeline's construction and run only: no interpreter start, imports, deleting the previous
output, or reading the SHA-1s off the output `.chk` afterwards. An exception in `run` is handled
as the original handles it (logged, the job flagged, the task finalised), but then this script fails, so that
a broken reproduction never yields a figure.

Run: `python3 pipeline_double_smalls.py DATA_DIR THREADS`, over `DATA_DIR/bench/b/smalls` (written by
hypergol) into `DATA_DIR/bench/b/doubled` (deleted first, with a `temp/doubled_temp` a crashed run left).
Prints one JSON line: `{"ms": ..., "objects": ..., "chunkSha1s": {"doubled_0.jsonl.gz": ..., ...}}`, where
`objects` is the number of inputs `run` was called with, each appending one object (read off the counter
the original keeps per input, so that counting costs the run nothing; the chunk SHA-1s, which must equal
hypergol's, show what was written); on failure a one-line error on stderr and exit status 1.
"""
import glob
import gzip
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path
from types import GeneratorType

CHUNK_ID_DIGITS = {16: 1, 256: 2, 4096: 3}
DUMMY_REPO = {
    'branchName': 'dummy',
    'commitHash': '0' * 40,
    'commitMessage': 'dummy',
    'comitterName': 'Dummy Dummy',
    'comitterEmail': 'dummy@dummy.com',
}


def sha1_of_id(hashId):
    """The original's `get_hash`: the parts' `str()` concatenated, as UTF-8, SHA-1 in hex."""
    if not isinstance(hashId, (str, int, tuple)):
        raise ValueError(f'hash id of type {type(hashId).__name__}')
    hasher = hashlib.sha1(b'')
    for part in (hashId,) if isinstance(hashId, (str, int)) else hashId:
        if not isinstance(part, (str, int)):
            raise ValueError(f'hash id part of type {type(part).__name__}')
        hasher.update(str(part).encode('utf-8'))
    return hasher.hexdigest()


class Logger:
    """Like the original's: every construction replaces the root logger's handlers; it pickles as its
    arguments, so each worker builds its own (here writing to /dev/null)."""

    def __init__(self, level=logging.INFO):
        self.level = level
        root = logging.getLogger()
        root.setLevel(level)
        for handler in list(root.handlers):
            root.removeHandler(handler)
        handler = logging.StreamHandler(open(os.devnull, 'w'))
        handler.setFormatter(logging.Formatter('%(asctime)s - %(message)s'))
        handler.setLevel(level)
        root.addHandler(handler)
        self._root = root

    def __reduce_ex__(self, protocol):
        return self.__class__, (self.level,)

    def log(self, message):
        self._root.info(message)


class Small:
    """`Small` as the original's generator writes it: no conversions, so BaseData's `to_data`/`from_data`."""

    def __init__(self, smallId, name, value, values):
        self.smallId = smallId
        self.name = name
        self.value = value
        self.values = values

    def get_id(self):
        return (self.smallId,)

    def get_hash_id(self):
        return self.get_id()

    def to_data(self):
        return self.__dict__.copy()

    @classmethod
    def from_data(cls, data):
        return cls(**data)


class Dataset:
    def __init__(self, dataType, location, project, branch, name, chunkCount=16):
        self.dataType = dataType
        self.location = location
        self.project = project
        self.branch = branch
        self.name = name
        self.chunkCount = chunkCount
        self.repoData = dict(DUMMY_REPO)
        self.dependencies = []

    @property
    def directory(self):
        return Path(self.location, self.project, self.branch, self.name)

    @property
    def defPath(self):
        return f'{self.directory}/{self.name}.def'

    @property
    def chkPath(self):
        return f'{self.directory}/{self.name}.chk'

    def exists(self):
        return os.path.exists(self.defPath)

    def chunk_ids(self):
        return [f'{k:0{CHUNK_ID_DIGITS[self.chunkCount]}x}' for k in range(self.chunkCount)]

    def chunk_id_of(self, hashId):
        return sha1_of_id(hashId)[:CHUNK_ID_DIGITS[self.chunkCount]]

    def chunks(self, mode):
        """Checks (read) or writes (write) the `.def`, then one unopened chunk per chunk id."""
        if mode == 'w':
            if self.exists():
                raise FileExistsError(f'dataset {self.directory} already exists')
            self.write_def()
        elif mode == 'r':
            if not self.exists():
                raise FileNotFoundError(f'dataset {self.directory} does not exist')
            self.check_def()
        else:
            raise ValueError(f'mode {mode}')
        return [DataChunk(self, chunkId, mode) for chunkId in self.chunk_ids()]

    def read_def(self):
        with open(self.defPath, 'rt') as file:
            return json.loads(file.read())

    def write_def(self):
        dependencies = []
        for dependency in self.dependencies:
            entry = dependency.read_def()
            entry['chkFileChecksum'] = dependency.checksum()
            dependencies.append(entry)
        content = {
            'dataType': self.dataType.__name__,
            'project': self.project,
            'branch': self.branch,
            'name': self.name,
            'chunkCount': self.chunkCount,
            'creationTime': datetime.now().isoformat(),
            'dependencies': dependencies,
            'repo': self.repoData,
        }
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.defPath, 'wt') as file:
            file.write(json.dumps(content, sort_keys=True, indent=4))

    def check_def(self):
        content = self.read_def()
        expected = (self.dataType.__name__, self.project, self.branch, self.name, self.chunkCount)
        found = tuple(content[key] for key in ('dataType', 'project', 'branch', 'name', 'chunkCount'))
        if found != expected:
            raise ValueError(f'{self.defPath} describes {found}, not {expected}')

    def checksum(self):
        with open(self.chkPath, 'rt') as file:
            return sha1_of_id(file.read())

    def write_chk(self, checksums):
        content = dict(checksums)
        with open(self.defPath, 'rt') as file:
            content[f'{self.name}.def'] = sha1_of_id(file.read())
        with open(self.chkPath, 'wt') as file:
            file.write(json.dumps(content, sort_keys=True, indent=4))

    def delete(self):
        if not self.exists():
            raise FileNotFoundError(f'dataset {self.name} does not exist')
        for path in glob.glob(f'{self.directory}/*'):
            os.remove(path)
        os.rmdir(self.directory)

    def writer(self):
        return DatasetWriter(self)


class DataChunk:
    """One chunk file; in write mode it hashes what it writes, the checksum returned on close."""

    def __init__(self, dataset, chunkId, mode):
        self.dataset = dataset
        self.chunkId = chunkId
        self.mode = mode
        self.file = None
        self.hasher = None

    @property
    def fileName(self):
        return f'{self.dataset.name}_{self.chunkId}.jsonl.gz'

    def open(self):
        self.file = gzip.open(f'{self.dataset.directory}/{self.fileName}', f'{self.mode}t')
        self.hasher = hashlib.sha1(b'')
        return self

    def close(self):
        self.file.close()
        self.file = None
        checksum = self.hasher.hexdigest()
        self.hasher = None
        return (self.fileName, checksum)

    def append(self, value):
        if not isinstance(value, self.dataset.dataType):
            raise TypeError(f'{type(value).__name__} appended to a dataset of {self.dataset.dataType.__name__}')
        if self.dataset.chunk_id_of(value.get_hash_id()) != self.chunkId:
            raise ValueError(f'hash id routed to the wrong chunk {self.chunkId} of {self.dataset.name}')
        self.write(f'{json.dumps(value.to_data(), sort_keys=True)}\n')

    def write(self, line):
        self.hasher.update(line.encode('utf-8'))
        self.file.write(line)

    def __iter__(self):
        for line in self.file:
            yield self.dataset.dataType.from_data(json.loads(line.rstrip()))


class DatasetWriter:
    """Opens every chunk at once; closing writes the `.chk`."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.chunks = {chunk.chunkId: chunk.open() for chunk in dataset.chunks('w')}

    def append(self, value):
        self.chunks[self.dataset.chunk_id_of(value.get_hash_id())].append(value)

    def close(self):
        self.dataset.write_chk([chunk.close() for chunk in self.chunks.values()])

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


class Job:
    def __init__(self, id_, total, parameters=None):
        self.id = id_
        self.total = total
        self.parameters = parameters or {}
        self.inputChunks = []


class JobReport:
    def __init__(self, jobId, exceptions, results, error, objects):
        self.jobId = jobId
        self.exceptions = exceptions
        self.results = results
        # Not in the original, for this script's report: the first exception's text, and the job's count of
        # input tuples, read off the counter the original keeps per tuple anyway.
        self.error = error
        self.objects = objects


class Task:
    def __init__(self, outputDataset, inputDatasets, logger=None, threads=None, logAtEachN=0, force=False):
        self.outputDataset = outputDataset
        self.inputDatasets = inputDatasets
        for dataset in inputDatasets:
            outputDataset.dependencies.append(dataset)
        self.logger = logger or Logger()
        self.threads = threads
        self.logAtEachN = logAtEachN
        self.force = force
        self.output = None
        self.inputChunks = None
        self.results = None
        self.exceptions = False
        self.error = None
        self.counter = 0
        self.jobId = None
        self.jobTotal = None

    @property
    def scratchDirectory(self):
        return Path(self.outputDataset.location, 'temp', f'{self.outputDataset.name}_temp')

    def temporary_dataset(self, jobId):
        return Dataset(
            dataType=self.outputDataset.dataType,
            location=self.outputDataset.location,
            project='temp',
            branch=f'{self.outputDataset.name}_temp',
            name=f'{self.outputDataset.name}_{jobId:03}',
            chunkCount=self.outputDataset.chunkCount,
        )

    def check_if_output_exists(self):
        if self.outputDataset.exists():
            raise FileExistsError(f'dataset {self.outputDataset.directory} already exists')
        if os.path.exists(self.scratchDirectory):
            raise FileExistsError(f'scratch directory {self.scratchDirectory} already exists')

    def log(self, message):
        self.logger.log(f'{self.__class__.__name__} - {self.jobId:3}/{self.jobTotal:3} - {message}')

    def log_exception(self, ex):
        self.log(ex)
        self.exceptions = True
        if self.error is None:
            self.error = f'{type(ex).__name__}: {ex}'

    def log_counter(self, final=False):
        self.counter += 1
        if self.logAtEachN != 0 and (self.counter % self.logAtEachN == 0 or final):
            self.log(f'Processed: {self.counter}')

    def get_jobs(self):
        if len({dataset.chunkCount for dataset in self.inputDatasets}) > 1:
            raise ValueError('the input datasets differ in chunk count')
        total = self.inputDatasets[0].chunkCount
        jobs = [Job(id_, total) for id_ in range(total)]
        for dataset in self.inputDatasets:
            for id_, chunk in enumerate(dataset.chunks('r')):
                jobs[id_].inputChunks.append(chunk)
        return jobs

    def execute(self, job):
        """One job, in a worker: input chunks open, a temporary dataset as `self.output`, `run` per tuple."""
        self.jobId = job.id
        self.jobTotal = job.total
        self.log('Execute - START')
        counterAtStart = self.counter
        objects = 0
        try:
            self.inputChunks = [chunk.open() for chunk in job.inputChunks]
            self.results = {}
            self.init()
            with self.temporary_dataset(job.id).writer() as self.output:
                source = self.source_iterator(job.parameters)
                if not isinstance(source, GeneratorType):
                    raise TypeError('source_iterator must be a generator')
                for inputs in source:
                    self.log_counter()
                    try:
                        self.run(*inputs)
                    except Exception as ex:  # pylint: disable=broad-except
                        self.log_exception(ex)
            objects = self.counter - counterAtStart
            for chunk in self.inputChunks:
                chunk.close()
            self.log_counter(final=True)
        except Exception as ex:  # pylint: disable=broad-except
            self.log_exception(ex)
        self.log('Execute - END')
        return JobReport(job.id, self.exceptions, self.results, self.error, objects)

    def init(self):
        pass

    def source_iterator(self, parameters):
        if len(parameters) > 0:
            raise ValueError('a task with input datasets takes no job parameters')
        for inputs in zip(*self.inputChunks):
            if not self.force and len({value.get_hash_id() for value in inputs}) > 1:
                raise ValueError('different hash ids in one tuple of inputs')
            yield inputs

    def run(self, *args):
        raise NotImplementedError

    def finalise(self, jobReports, threads):
        """In the main process: the output `.def`, the merge on a pool, the temporary data deleted, the `.chk`."""
        jobs = [
            Job(k, self.outputDataset.chunkCount, {'name': self.__class__.__name__, 'chunk': chunk, 'logger': self.logger})
            for k, chunk in enumerate(self.outputDataset.chunks('w'))
        ]
        pool = get_context('fork').Pool(self.threads or threads)
        checksums = pool.map(merge_chunk, jobs)
        pool.close()
        pool.join()
        pool.terminate()
        for jobId in range(len(jobReports)):
            self.temporary_dataset(jobId).delete()
        if os.path.exists(self.scratchDirectory):
            os.rmdir(self.scratchDirectory)
        self.outputDataset.write_chk(checksums)


def merge_chunk(job):
    """Output chunk `job.id`: that chunk of every temporary dataset, in sorted path order, copied line by line."""
    chunk = job.parameters['chunk']
    logger = job.parameters['logger']
    logger.log(f'{job.parameters["name"]} - {job.id:3}/{job.total:3} - finish - START')
    chunk.open()
    dataset = chunk.dataset
    pattern = str(Path(dataset.location, 'temp', f'{dataset.name}_temp', f'{dataset.name}_*', f'*_{chunk.chunkId}.jsonl.gz'))
    for path in sorted(glob.glob(pattern)):
        with gzip.open(path, 'rt') as file:
            for line in file:
                chunk.write(line)
    logger.log(f'{job.parameters["name"]} - {job.id:3}/{job.total:3} - finish - END')
    return chunk.close()


class Pipeline:
    def __init__(self, tasks, logger=None):
        self.tasks = tasks
        self.logger = logger or Logger()
        self.exceptions = {}
        self.errors = {}
        self.objects = {}

    def run(self, threads=1):
        self.logger.log('Pipeline - START')
        for task in self.tasks:
            task.check_if_output_exists()
        for task in self.tasks:
            pool = get_context('fork').Pool(task.threads or threads)
            jobReports = pool.map(task.execute, task.get_jobs())
            name = task.__class__.__name__
            self.exceptions[name] = any(report.exceptions for report in jobReports)
            self.errors[name] = next((report.error for report in jobReports if report.error), None)
            self.objects[name] = sum(report.objects for report in jobReports)
            task.finalise(jobReports, task.threads or threads)
            pool.close()
            pool.join()
            pool.terminate()
        for name, exceptions in self.exceptions.items():
            self.logger.log(f'Pipeline - {name}: exceptions: {exceptions}')
        self.logger.log('Pipeline - END')


class DoubleSmalls(Task):
    """bench/pipelines/double-smalls.ts as a user of the original writes it."""

    def run(self, small):
        self.output.append(Small(smallId=small.smallId, name=small.name, value=small.value * 2, values=small.values))


def main(dataDir, threads):
    doubled = Path(dataDir, 'bench', 'b', 'doubled')
    scratch = Path(dataDir, 'temp', 'doubled_temp')
    for leftover in (doubled, scratch):
        if leftover.exists():
            shutil.rmtree(leftover)
    started = time.perf_counter()
    smalls = Dataset(Small, dataDir, 'bench', 'b', 'smalls')
    output = Dataset(Small, dataDir, 'bench', 'b', 'doubled')
    pipeline = Pipeline([DoubleSmalls(outputDataset=output, inputDatasets=[smalls])])
    pipeline.run(threads=threads)
    ms = (time.perf_counter() - started) * 1000
    for name, exceptions in pipeline.exceptions.items():
        if exceptions:
            raise RuntimeError(f'{name} reported an exception: {pipeline.errors[name]}')
    with open(output.chkPath, 'rt') as file:
        chunkSha1s = {key: value for key, value in json.loads(file.read()).items() if not key.endswith('.def')}
    return {'ms': ms, 'objects': pipeline.objects['DoubleSmalls'], 'chunkSha1s': chunkSha1s}


if __name__ == '__main__':
    try:
        if len(sys.argv) != 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1:
            raise ValueError('usage: pipeline_double_smalls.py DATA_DIR THREADS (THREADS a positive integer)')
        result = main(sys.argv[1], int(sys.argv[2]))
    except Exception as ex:  # pylint: disable=broad-except
        message = ' '.join(f'{type(ex).__name__}: {ex}'.split())
        print(f'pipeline_double_smalls.py: {message}', file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))
