"""The Python original's serving path, for the serve suite's comparison (issue 7: hypergol's identity server
must answer at least 20x the requests/s of the original's FastAPI/uvicorn serving template on this machine).

A reproduction, written for this bench, of what the original's generated `serve_<model>.py` does per
request to `POST /output`: an HTTP middleware that adds `X-Model-Long-Name` and `X-Process-Time`, pydantic
validation of the body as a list of the input class, `from_data` of each object, the model (here the identity,
so that only the serving cost is measured), `to_data` of each output and pydantic parsing of it for the
response model. The data class is a minimal stand-in for hypergol's `BaseData` (its real `from_data` does
more), so the figure is, if anything, generous to the original.

Run: `python3 serve_identity.py PORT` (0: any free port). Needs fastapi and uvicorn (`apt-get install
python3-fastapi python3-uvicorn`, and python3-uvloop python3-httptools, which uvicorn then takes, as
`pip install uvicorn[standard]` would). Prints the URL once started.
"""
import json
import socket
import sys
import time
from typing import List

import uvicorn
from fastapi import FastAPI, Request
from pydantic import create_model

LONG_NAME = 'Identity_20261203_0000000000000000000000000000000000000000'


class Tokens:
    """The Brown example's input and output class: one sentence's words."""

    def __init__(self, words):
        self.words = words

    @classmethod
    def from_data(cls, data):
        return cls(**data)

    def to_data(self):
        return dict(self.__dict__)


PydanticTokens = create_model('Tokens', words=(List[str], ...))

app = FastAPI(title='Serve Identity', version='0.1', description='FastApi wrapper on Identity')


@app.middleware('http')
async def add_headers(request: Request, call_next):
    start = time.time()
    response = await call_next(request)
    response.headers['X-Model-Long-Name'] = LONG_NAME
    response.headers['X-Process-Time'] = str(time.time() - start)
    return response


@app.post('/output', response_model=List[PydanticTokens])
def get_outputs(tokens: List[PydanticTokens]):
    inputs = [Tokens.from_data(json.loads(token.json())) for token in tokens]
    outputs = list(inputs)
    return [PydanticTokens.parse_raw(json.dumps(output.to_data())) for output in outputs]


def serve():
    # A socket bound here, so that port 0 gets a free port and the URL printed is the real one.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 8000))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level='warning', access_log=False))

    @app.on_event('startup')
    async def announce():
        print(f'http://127.0.0.1:{port}', flush=True)

    server.run(sockets=[sock])


if __name__ == '__main__':
    serve()
