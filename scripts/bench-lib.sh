#!/usr/bin/env bash
# Library benchmark: one training step through ParamLab (its Vector-API matrix products) vs the bare
# EJML products on 1, 2, 4, ... threads up to the cores present, then the same step in NumPy and, when
# available, PyTorch, on the same thread counts in the same run (and the scaling of each); the cost as
# the model grows (784-H-10 at batch 128, H = 64 ... 4,096, one thread, beside the peers); the small
# model's step part by part; then notebook 10's language-model step (one thread, and on all cores as a
# notebook runs it by default) beside the same step in NumPy and PyTorch; on an AVX-512 machine also the step as an
# AVX2 CPU runs it (emulated), beside the peers told the same. Prints the tables; writes
# target/bench/machine.json (the CPU, its caches, the JDK), lib-training-step*.json, lib-widths.json,
# lib-step-parts.json, lib-product-bands.json, lib-lm-step*.json, peer-*.json, training-step-peers*.json, width-sweep-peers.json,
# paired-*.json (a close result timed again in paired rounds) and lm-step-peers.json (at the repository root).
# The benchmark lives in test scope (lib/src/test/java/org/paramlab/bench), so it is not shipped.
#
#   scripts/bench-lib.sh [VENV]          # VENV (default .venv) has numpy, from requirements.txt
#
# PARAMLAB_TARGET may name another build folder (default: target).
# PARAMLAB_TORCH_PYTHON names a python that can `import torch` (kept out of the project's .venv: it is
# large), e.g. PARAMLAB_TORCH_PYTHON=.tools/torchvenv/bin/python make bench. Without it PyTorch is skipped.
# PARAMLAB_BENCH_THREADS="1 2" chooses the thread counts (default: 1, 2, 4, ... and the cores present).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="${1:-.venv}"
build="${PARAMLAB_TARGET:-target}"
mvn=(scripts/mvn -B -q -Dparamlab.target="$build")
out=target/bench
mkdir -p "$out"
# which machine this is (figures from one CPU do not carry over to another): printed, and in target/bench/machine.json
python3 scripts/bench_machine.py "$out/machine.json"
"${mvn[@]}" -pl lib test-compile
cpfile="lib/$build/bench-classpath.txt"
"${mvn[@]}" -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cpfile" >/dev/null
cp="lib/$build/test-classes:lib/$build/classes:$(cat "$cpfile")"
# the Vector API module and the trap limit, as in the kernel's launcher (scripts/install-kernel.sh says why); the module's
# one-line incubator warning goes to stderr
java_opts=(-Xms1g -Xmx1g --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=1000)
cores=$(nproc)
if [ -n "${PARAMLAB_BENCH_THREADS:-}" ]; then
  counts=($PARAMLAB_BENCH_THREADS)
else
  counts=(1); t=2; while [ $t -lt "$cores" ]; do counts+=($t); t=$((t * 2)); done; [ "$cores" -gt 1 ] && counts+=("$cores")
fi
lib_runs=()
for t in "${counts[@]}"; do
  name=lib-training-step.json; [ "$t" -gt 1 ] && name=lib-training-step-${t}threads.json
  java "${java_opts[@]}" -Dparamlab.threads=$t -cp "$cp" org.paramlab.bench.TrainingStepBench "$root/$out/$name"
  lib_runs+=(--lib "$out/$name")
  echo
done
# how the cost grows with the model: 784-H-10 at batch 128 (one thread)
java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.TrainingStepBench "$root/$out/lib-widths.json" --widths
echo
# where the time of the small model's largest step goes, part by part (one thread)
java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.StepPartsBench "$root/$out/lib-step-parts.json"
echo
# what cutting a product into more bands costs on two threads (lib/README.md, "Threads")
if [ "$cores" -gt 1 ]; then
  java "${java_opts[@]}" -cp "$cp" org.paramlab.core.ProductBandsBench "$root/$out/lib-product-bands.json"
  echo
fi
# notebook 10's language-model step: one thread, and all cores (the default a notebook gets), wall clock
java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.LanguageModelStepBench "$root/$out/lib-lm-step.json"
if [ "$cores" -gt 1 ]; then
  java "${java_opts[@]}" -Dparamlab.threads="$cores" -cp "$cp" org.paramlab.bench.LanguageModelStepBench "$root/$out/lib-lm-step-${cores}threads.json"
fi

# Peers. The BLAS of a pip NumPy picks its kernel for this CPU; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, set on
# some machines to protect old OpenBLAS builds, would force a slower one, so they are unset for the peers only.
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
peers=()
py="$venv/bin/python"
have_numpy=false have_torch=false
[ -x "$py" ] && "$py" -c 'import numpy' 2>/dev/null && have_numpy=true
[ -n "${PARAMLAB_TORCH_PYTHON:-}" ] && "$PARAMLAB_TORCH_PYTHON" -c 'import torch' 2>/dev/null && have_torch=true
# run_peer SCRIPT numpy|torch THREADS [ARGS...] runs a peer's side of a benchmark on THREADS threads. The one place
# for the peers' environment: OPENBLAS_NUM_THREADS limits BLAS before NumPy loads it (threadpoolctl, when installed,
# also reports the kernel); OMP_NUM_THREADS sizes PyTorch's pool.
run_peer() {
  local script=$1 framework=$2 threads=$3
  shift 3
  if [ "$framework" = numpy ]; then
    "${peer_env[@]}" OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" \
      "$py" "scripts/$script" run numpy --threads "$threads" "$@"
  else
    "${peer_env[@]}" OMP_NUM_THREADS="$threads" "$PARAMLAB_TORCH_PYTHON" "scripts/$script" run torch --threads "$threads" "$@"
  fi
}
width_peers=()
if $have_numpy; then
  for t in "${counts[@]}"; do
    run_peer bench_step_peers.py numpy "$t" --out "$out/peer-numpy-${t}t.json"
    peers+=(--peer "$out/peer-numpy-${t}t.json")
  done
  run_peer bench_step_peers.py numpy 1 --widths --out "$out/peer-numpy-widths.json"
  width_peers+=(--peer "$out/peer-numpy-widths.json")
else
  echo "bench-lib: no numpy in $venv (make venv installs it); the NumPy peer is skipped" >&2
fi
if $have_torch; then
  for t in "${counts[@]}"; do
    run_peer bench_step_peers.py torch "$t" --out "$out/peer-torch-${t}t.json"
    peers+=(--peer "$out/peer-torch-${t}t.json")
  done
  run_peer bench_step_peers.py torch 1 --widths --out "$out/peer-torch-widths.json"
  width_peers+=(--peer "$out/peer-torch-widths.json")
else
  echo "bench-lib: PyTorch skipped (set PARAMLAB_TORCH_PYTHON to a python that can import torch)" >&2
fi
echo
python3 scripts/bench_step_peers.py table "${lib_runs[@]}" "${peers[@]}" --out "$out/training-step-peers.json"
echo
python3 scripts/bench_step_peers.py table --widths --lib "$out/lib-widths.json" "${width_peers[@]}" --out "$out/width-sweep-peers.json"

# A close one-thread result (ParamLab less than 10 % ahead of its faster peer) is timed again in paired rounds:
# ParamLab, then that peer, each in a fresh process, five times, so that both meet the same minutes of the machine
# (the tables above time the peers minutes later; scripts/bench_paired.py says why that matters here)
rounds=5
rm -f "$out"/paired-*.json
while read -r config peer; do
  [ -n "$config" ] || continue
  paired=()
  for r in $(seq "$rounds"); do
    java "${java_opts[@]}" -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.TrainingStepBench \
      "$root/$out/paired-$config-paramlab-$r.json" --config "$config" </dev/null >/dev/null
    run_peer bench_step_peers.py "$peer" 1 --config "$config" --out "$out/paired-$config-$peer-$r.json" </dev/null 2>/dev/null
    paired+=(--lib "$out/paired-$config-paramlab-$r.json" --peer "$out/paired-$config-$peer-$r.json")
  done
  echo
  python3 scripts/bench_paired.py table --config "$config" "${paired[@]}" --out "$out/paired-$config.json"
done < <(python3 scripts/bench_paired.py pick "$out/training-step-peers.json" "$out/width-sweep-peers.json")

# As an AVX2 CPU (most laptops) runs the step, emulated on an AVX-512 machine, one thread: the JVM uses AVX2 at most
# (8-float vectors, 16 vector registers, so VectorProducts' 6-row tile), OpenBLAS its Haswell kernels, PyTorch AVX2 in
# ATen, MKL and oneDNN. The same cores and caches as above, so this says how the code fares with AVX2, not how fast a
# laptop is. (The peers' environment above unsets OPENBLAS_CORETYPE; here it is set on purpose.)
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  java "${java_opts[@]}" -XX:UseAVX=2 -Dparamlab.threads=1 -cp "$cp" org.paramlab.bench.TrainingStepBench \
    "$root/$out/lib-training-step-avx2.json"
  avx2_peers=()
  if $have_numpy; then
    OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$py" scripts/bench_step_peers.py run numpy \
      --threads 1 --out "$out/peer-numpy-avx2.json"
    avx2_peers+=(--peer "$out/peer-numpy-avx2.json")
  fi
  if $have_torch; then
    ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 \
      run_peer bench_step_peers.py torch 1 --out "$out/peer-torch-avx2.json"
    avx2_peers+=(--peer "$out/peer-torch-avx2.json")
  fi
  echo
  echo "As an AVX2 CPU runs it, emulated on this AVX-512 machine (java -XX:UseAVX=2; OPENBLAS_CORETYPE=Haswell;" \
    "ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2):"
  python3 scripts/bench_step_peers.py table --lib "$out/lib-training-step-avx2.json" "${avx2_peers[@]}" \
    --out "$out/training-step-peers-avx2.json"
fi

# The language-model step's peers, one thread and all cores; the PyTorch one first checks that its losses are the NumPy step's.
lm_counts=(1); [ "$cores" -gt 1 ] && lm_counts+=("$cores")
for t in "${lm_counts[@]}"; do
  lm_peers=()
  if $have_numpy; then
    run_peer bench_lm_peers.py numpy "$t" --out "$out/peer-lm-numpy-${t}t.json"
    lm_peers+=(--peer "$out/peer-lm-numpy-${t}t.json")
  fi
  if $have_torch; then
    run_peer bench_lm_peers.py torch "$t" --out "$out/peer-lm-torch-${t}t.json"
    lm_peers+=(--peer "$out/peer-lm-torch-${t}t.json")
  fi
  lib=lib-lm-step.json; result=lm-step-peers.json
  [ "$t" -gt 1 ] && lib=lib-lm-step-${t}threads.json && result=lm-step-peers-${t}threads.json
  echo
  python3 scripts/bench_lm_peers.py table --lib "$out/$lib" "${lm_peers[@]}" --out "$out/$result"
done
