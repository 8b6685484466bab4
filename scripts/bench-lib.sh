#!/usr/bin/env bash
# Library benchmark: one training step through ParamLab vs the bare EJML matrix products.
# Prints a table and writes target/bench/lib-training-step.json (at the repository root).
# The benchmark lives in test scope (lib/src/test/java/org/paramlab/bench), so it is not shipped.
# PARAMLAB_TARGET may name another build folder (default: target).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="${PARAMLAB_TARGET:-target}"
mvn=(scripts/mvn -B -q -Dparamlab.target="$build")
mkdir -p target/bench
"${mvn[@]}" -pl lib test-compile
cpfile="lib/$build/bench-classpath.txt"
"${mvn[@]}" -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cpfile" >/dev/null
cp="lib/$build/test-classes:lib/$build/classes:$(cat "$cpfile")"
exec java -Xms1g -Xmx1g -cp "$cp" org.paramlab.bench.TrainingStepBench "$root/target/bench/lib-training-step.json"
