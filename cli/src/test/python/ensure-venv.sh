#!/usr/bin/env bash
# Creates the Python environment the Python-client tests run in: VENV (e.g. cli/target/python-venv) with the pinned
# requirements, reused while requirements.txt is unchanged. When it cannot be made (no Python 3.11, no package index)
# it writes the reason to VENV.unavailable and prints one line; the tests then skip with that reason. With CI=true
# that is a failure instead: CI must run the Python tests.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$1"
requirements="$here/requirements.txt"
python="${RESLAB_PYTHON:-python3.11}"
stamp="$(sha256sum "$requirements" | cut -c1-64)"

unavailable() {
  echo "$1" > "$venv.unavailable"
  if [[ "${CI:-}" == "true" ]]; then
    echo "[python] ERROR: $1 (CI=true: the Python client tests must run)" >&2
    exit 1
  fi
  echo "[python] Python client tests will be skipped: $1"
  exit 0
}

if [[ -f "$venv/requirements.sha256" && "$(cat "$venv/requirements.sha256")" == "$stamp" ]]; then
  rm -f "$venv.unavailable"
  exit 0
fi
command -v "$python" >/dev/null 2>&1 || unavailable "no $python on the PATH (set RESLAB_PYTHON to a Python 3.11)"
"$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
  || unavailable "$python is not Python 3.11 (set RESLAB_PYTHON)"
echo "[python] creating $venv with $(basename "$requirements") (once; reused while it is unchanged)"
started=$SECONDS
tmp="$venv.tmp-$$"
rm -rf "$tmp" "$venv"
log="$venv.log"
mkdir -p "$(dirname "$venv")"
# --no-compile: TensorFlow has thousands of modules; byte-compiling them all costs more than the few the tests import.
if ! { "$python" -m venv "$tmp" && "$tmp/bin/pip" install --retries 0 --no-compile --disable-pip-version-check -q \
    -r "$requirements"; } >"$log" 2>&1; then
  rm -rf "$tmp"
  unavailable "pip could not install $(basename "$requirements") ($(grep -m1 -E '^ERROR' "$log" || tail -n1 "$log"); log: $log)"
fi
echo "$stamp" > "$tmp/requirements.sha256"
# A venv records its own path in its scripts; it is used through bin/python only, which works after the rename.
mv "$tmp" "$venv"
rm -f "$venv.unavailable"
echo "[python] environment ready in $((SECONDS - started)) s"
