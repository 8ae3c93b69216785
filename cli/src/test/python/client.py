"""One long-lived Python process for all Python-client checks (TensorFlow is imported once).

Reads JSON requests from stdin, one a line: {"check": "module.function", "args": {...}}; answers one JSON line each:
{"ok": true, "result": ...} or {"ok": false, "error": "<traceback>"}. Everything else a check or TensorFlow prints
goes to stderr, so stdout carries only answers.
"""
import importlib
import json
import os
import sys
import time
import traceback

answers = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
sys.stdout = sys.stderr
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def plain(value):
    """numpy scalars and arrays as JSON numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot send {type(value).__name__} back to Java")


for line in sys.stdin:
    request = json.loads(line)
    started = time.monotonic()
    try:
        module, function = request["check"].rsplit(".", 1)
        result = getattr(importlib.import_module(module), function)(**request["args"])
        answer = {"ok": True, "result": result}
    except BaseException:  # noqa: BLE001 - every failure goes back to the Java test
        answer = {"ok": False, "error": traceback.format_exc()}
    print(f"[client] {request['check']}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    answers.write(json.dumps(answer, default=plain) + "\n")
    answers.flush()
