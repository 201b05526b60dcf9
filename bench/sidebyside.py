"""Before/after measurements side by side: each checkout's code in a process of its own.

A script calls `run_child(__file__, checkout, env, *args)` in alternating rounds; the child
(the same script, run as `script --child args...` in `checkout` with that checkout on
PYTHONPATH as `env` sets it) prints its measurements as JSON on its last line.
"""

import json
import subprocess
import sys
from pathlib import Path


def run_child(script: str, checkout: Path, env: dict, *args) -> dict:
    command = [sys.executable, str(Path(script).resolve()), "--child", *map(str, args)]
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])
