#!/usr/bin/env bash
# Library benchmark: one training step through ParamLab (its Vector-API matrix products) vs the bare
# EJML products, with one and with two threads, then the same step in NumPy and, when available,
# PyTorch, in the same run, and the small model's step part by part; then notebook 10's language-model
# step (one thread) beside the same step in NumPy and PyTorch. Prints the tables; writes
# target/bench/lib-training-step*.json, target/bench/lib-step-parts.json, target/bench/lib-lm-step.json,
# target/bench/peer-*.json, target/bench/training-step-peers.json and target/bench/lm-step-peers.json
# (at the repository root).
# The benchmark lives in test scope (lib/src/test/java/org/paramlab/bench), so it is not shipped.
#
#   scripts/bench-lib.sh [VENV]          # VENV (default .venv) has numpy, from requirements.txt
#
# PARAMLAB_TARGET may name another build folder (default: target).
# PARAMLAB_TORCH_PYTHON names a python that can `import torch` (kept out of the project's .venv: it is
# large), e.g. PARAMLAB_TORCH_PYTHON=/work/torchvenv/bin/python make bench. Without it PyTorch is skipped.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="${1:-.venv}"
build="${PARAMLAB_TARGET:-target}"
mvn=(scripts/mvn -B -q -Dparamlab.target="$build")
out=target/bench
mkdir -p "$out"
"${mvn[@]}" -pl lib test-compile
cpfile="lib/$build/bench-classpath.txt"
"${mvn[@]}" -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cpfile" >/dev/null
cp="lib/$build/test-classes:lib/$build/classes:$(cat "$cpfile")"
# the Vector API module, as in the kernel's launcher; its one-line incubator warning goes to stderr
java_opts=(-Xms1g -Xmx1g --add-modules jdk.incubator.vector)
java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.TrainingStepBench "$root/$out/lib-training-step.json"
echo
java "${java_opts[@]}" -Dparamlab.threads=2 -cp "$cp" org.paramlab.bench.TrainingStepBench "$root/$out/lib-training-step-2threads.json"
echo
# where the time of the small model's largest step goes, part by part (one thread)
java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.StepPartsBench "$root/$out/lib-step-parts.json"
echo
# notebook 10's language-model step (one thread)
java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.LanguageModelStepBench "$root/$out/lib-lm-step.json"

# Peers. The BLAS of a pip NumPy picks its kernel for this CPU; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, set on
# some machines to protect old OpenBLAS builds, would force a slower one, so they are unset for the peers only.
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
peers=()
py="$venv/bin/python"
have_numpy=false have_torch=false
[ -x "$py" ] && "$py" -c 'import numpy' 2>/dev/null && have_numpy=true
[ -n "${PARAMLAB_TORCH_PYTHON:-}" ] && "$PARAMLAB_TORCH_PYTHON" -c 'import torch' 2>/dev/null && have_torch=true
if $have_numpy; then
  for t in 1 2; do
    # OPENBLAS_NUM_THREADS limits BLAS before NumPy loads it; threadpoolctl (when installed) also reports the kernel
    "${peer_env[@]}" OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$py" scripts/bench_step_peers.py run numpy --threads $t \
      --out "$out/peer-numpy-${t}t.json"
    peers+=(--peer "$out/peer-numpy-${t}t.json")
  done
else
  echo "bench-lib: no numpy in $venv (make venv installs it); the NumPy peer is skipped" >&2
fi
if $have_torch; then
  for t in 1 2; do
    "${peer_env[@]}" OMP_NUM_THREADS=$t "$PARAMLAB_TORCH_PYTHON" scripts/bench_step_peers.py run torch --threads $t \
      --out "$out/peer-torch-${t}t.json"
    peers+=(--peer "$out/peer-torch-${t}t.json")
  done
else
  echo "bench-lib: PyTorch skipped (set PARAMLAB_TORCH_PYTHON to a python that can import torch)" >&2
fi
echo
python3 scripts/bench_step_peers.py table --lib1 "$out/lib-training-step.json" --lib2 "$out/lib-training-step-2threads.json" \
  "${peers[@]}" --out "$out/training-step-peers.json"

# The language-model step's peers, one thread; the PyTorch one first checks that its losses are the NumPy step's.
lm_peers=()
if $have_numpy; then
  "${peer_env[@]}" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$py" scripts/bench_lm_peers.py run numpy --out "$out/peer-lm-numpy.json"
  lm_peers+=(--peer "$out/peer-lm-numpy.json")
fi
if $have_torch; then
  "${peer_env[@]}" OMP_NUM_THREADS=1 "$PARAMLAB_TORCH_PYTHON" scripts/bench_lm_peers.py run torch --out "$out/peer-lm-torch.json"
  lm_peers+=(--peer "$out/peer-lm-torch.json")
fi
echo
python3 scripts/bench_lm_peers.py table --lib "$out/lib-lm-step.json" "${lm_peers[@]}" --out "$out/lm-step-peers.json"
