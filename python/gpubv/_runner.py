"""Finding and running the gpubv command."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from typing import Dict, List, Optional, Sequence, Tuple, Union

from .errors import GpubvError, error_for

Command = Union[str, Sequence[str], None]

_stdin_support: Dict[Tuple[str, ...], bool] = {}


def find_command(command: Command = None) -> List[str]:
    """The argv prefix that runs gpubv.

    In order: ``command`` (a path, a command line such as ``"dotnet /opt/gpubv/gpubv.dll"``, or a list), the
    environment variable ``GPUBV`` (same forms), then ``gpubv`` on PATH. A lone ``.dll`` is run with ``dotnet``.
    """
    if command is None:
        command = os.environ.get("GPUBV") or None
    if command is None:
        found = shutil.which("gpubv")
        if found is None:
            raise GpubvError("gpubv command not found: put it on PATH, set GPUBV (e.g. "
                             "GPUBV='dotnet /path/gpubv.dll') or pass command=")
        argv = [found]
    elif isinstance(command, (list, tuple)):
        argv = [str(a) for a in command]
    else:
        command = str(command)
        argv = [command] if os.path.exists(command) else shlex.split(command)
    if len(argv) == 1 and argv[0].lower().endswith(".dll"):
        argv = ["dotnet", argv[0]]
    return argv


def one_line_message(stderr: str, stdout: str = "") -> str:
    """The command's one-line error message: the last ``gpubv: error:`` line, else the last line written."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for ln in reversed(lines):
        if ln.startswith("gpubv: error:"):
            return ln[len("gpubv: error:"):].strip()
    if lines:
        return lines[-1]
    out = [ln.strip() for ln in stdout.splitlines() if ln.strip()]
    return out[-1] if out else "gpubv failed without a message"


def run(args: Sequence[str], command: Command = None, stdin: Optional[str] = None,
        check: bool = True) -> subprocess.CompletedProcess:
    """Runs ``gpubv ARGS`` and returns the completed process; raises the matching :class:`GpubvError`
    subclass when it exits non-zero (``check``)."""
    argv = find_command(command) + [str(a) for a in args]
    try:
        proc = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    except OSError as e:  # not executable, dotnet missing...
        raise GpubvError(f"could not run {' '.join(argv[:2])}: {e}", None, "", argv) from e
    if check and proc.returncode != 0:
        raise error_for(proc.returncode, one_line_message(proc.stderr, proc.stdout), proc.stderr, argv)
    return proc


def run_json(args: Sequence[str], command: Command = None, stdin: Optional[str] = None) -> dict:
    """Runs ``gpubv ARGS --json`` and parses the object it prints."""
    proc = run(list(args) + ["--json"], command, stdin)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise GpubvError(f"gpubv printed no JSON object ({e}): {proc.stdout[:200]!r}", proc.returncode,
                         proc.stderr, find_command(command) + list(args)) from e


def supports_stdin(command: Command = None) -> bool:
    """Whether this gpubv reads a structure from standard input (``gpubv bvse - --format cif``).

    Decided once per command from ``gpubv bvse --help`` listing a ``--format`` option.
    """
    key = tuple(find_command(command))
    if key not in _stdin_support:
        proc = run(["bvse", "--help"], command, check=False)
        _stdin_support[key] = proc.returncode == 0 and "--format" in proc.stdout
    return _stdin_support[key]

