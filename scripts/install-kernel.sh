#!/usr/bin/env bash
# Installs the ParamLab Java kernel ("Java (ParamLab)") into a virtual environment's Jupyter
# data folder, after `mvn package` has built kernel/target/ (the jar and target/lib/*.jar).
#
#   scripts/install-kernel.sh VENV                       # kernel "paramlab", java from JAVA_HOME or PATH
#   scripts/install-kernel.sh VENV --name paramlab-jdk25 --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#
# Options:
#   --name NAME            kernelspec name (default paramlab)
#   --display-name TEXT    name shown in JupyterLab (default "Java (ParamLab)", or "Java (ParamLab, NAME)")
#   --java PATH            the java executable the kernel runs on
#   --build DIR            the kernel module's build folder (default kernel/target)
#
# The jars are copied next to kernel.json, so `mvn clean` does not break an installed kernel.
# JVM options: the heap follows the memory the kernel may use (-XX:MaxRAMPercentage=50: half of the
# machine's memory, or of the container's limit in a pod). PARAMLAB_JAVA_OPTS adds to the default
# options (a later option wins, so -Xmx8g sets the heap and keeps the rest; a -XX:+Use...GC replaces
# the default collector), either when installing (written into the launcher) or when Jupyter starts
# a kernel (for that kernel). PARAMLAB_KERNEL_PROFILE=class when a kernel starts: the small heap a
# class sharing one server (no per-student memory limit) wants (-Xms32m -Xmx512m).
set -euo pipefail

usage() { sed -n '2,21p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
venv=$1; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
name=paramlab
display=""
java_bin=""
build="$root/kernel/${PARAMLAB_TARGET:-target}"
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=$2; shift 2 ;;
    --display-name) display=$2; shift 2 ;;
    --java) java_bin=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) usage ;;
  esac
done
if [ -z "$display" ]; then
  if [ "$name" = paramlab ]; then display="Java (ParamLab)"; else display="Java (ParamLab, $name)"; fi
fi
if [ -z "$java_bin" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"
  else java_bin="$(command -v java || true)"; fi
fi
[ -n "$java_bin" ] && [ -x "$java_bin" ] || { echo "install-kernel: no java found (set JAVA_HOME or pass --java)" >&2; exit 1; }
java_bin="$(readlink -f "$java_bin")"
feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ -z "$feature" ] || [ "$feature" -lt 17 ]; then
  echo "install-kernel: $java_bin is Java ${feature:-?}; the kernel needs Java 17 or newer" >&2; exit 1
fi

jar="$(ls "$build"/paramlab-kernel-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)"
[ -n "$jar" ] && [ -d "$build/lib" ] || { echo "install-kernel: build the kernel first (mvn package): no jar in $build" >&2; exit 1; }
[ -d "$venv" ] || { echo "install-kernel: no virtual environment at $venv" >&2; exit 1; }

dest="$(cd "$venv" && pwd)/share/jupyter/kernels/$name"
rm -rf "$dest"
mkdir -p "$dest/lib"
cp "$jar" "$dest/lib/paramlab-kernel.jar"
cp "$build"/lib/*.jar "$dest/lib/"
cp "$root/kernel/src/main/kernelspec/logo-32x32.png" "$root/kernel/src/main/kernelspec/logo-64x64.png" "$dest/"
cp "$root/kernel/src/main/kernelspec/jit-directives.json" "$dest/"

# Default JVM options. The heap: at most half of the memory this JVM may use, which the JVM reads when it
# starts: the machine's memory, or a container's limit (cgroups), so in a pod with a 1 GiB limit the heap
# is 512 MiB and the single-user server and the JVM's memory outside the heap fit in the rest (a cell
# that fills the heap gets an OutOfMemoryError instead of the pod's OOM killer). -XX:+UseCompressedOops
# keeps 4-byte references, which caps that heap near 30 GiB on a machine of 64 GiB or more (an explicit
# -Xmx beyond it still wins, with 8-byte references). Both JIT compilers,
# since notebooks train models; C2 leaves the JDK's own methods to C1 unless it inlines them
# (jit-directives.json: less CPU at start and over a notebook, training as fast; measured in
# kernel/README.md). HotSpot's one line "1 compiler directives added" goes to stderr.
# -XX:PerMethodTrapLimit=1000 (HotSpot's default 100): C2 adds up the traps recorded in every method it inlines into one
# compile, and the micro-kernel of the matrix products inlines the Vector API's fma 24 times, each adding the traps of
# two JDK methods; past 100, C2 compiled some of its stores as calls that box a vector each, and the products ran about
# 8x slower for the JVM's life, in about one start in four to thirty (lib/README.md, "A compile that boxes").
default_opts="-XX:MaxRAMPercentage=50 -XX:+UseCompressedOops -XX:+UseSerialGC -XX:PerMethodTrapLimit=1000 -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$dest/jit-directives.json -XX:+DisplayVMOutputToStderr"
# Options given in PARAMLAB_JAVA_OPTS come after the defaults; a collector given there replaces the default one.
without_gc() { case " $2 " in *" -XX:+Use"*"GC "*) echo " $1 " | sed 's/ -XX:+Use[A-Za-z]*GC / /g' ;; *) echo "$1" ;; esac; }
opts="$(without_gc "$default_opts" "${PARAMLAB_JAVA_OPTS:-}") ${PARAMLAB_JAVA_OPTS:-}"
opts="$(echo $opts)" # one space between options

# The class path: every jar, by name, in a fixed order (class data sharing needs the same path each start).
classpath="$(cd "$dest/lib" && ls *.jar | sort | sed "s|^|$dest/lib/|" | paste -sd: -)"

# The Vector API module for the library's fast matrix products (org.paramlab.core.MatrixProducts); always on, like -ea,
# so PARAMLAB_JAVA_OPTS does not drop it. The JVM's one-line incubator warning goes to the kernel's stderr (the
# Jupyter server's log), never to a cell. It is also given when recording the class-data archive, which needs the same modules.
modules="--add-modules jdk.incubator.vector"

# Java 23+ warns that a library (classgraph, used by Tablesaw) calls sun.misc.Unsafe; allow it quietly.
if [ "$feature" -ge 23 ]; then opts="$opts --sun-misc-unsafe-memory-access=allow"; fi

# Class data sharing: one training run (KernelWarmUp) records the classes a kernel loads when it
# starts and runs its first cells; every start then maps them ready-made. Java 25 records an AOT
# cache (JEP 483/514), older JDKs a dynamic CDS archive. PARAMLAB_NO_CDS=1 skips this.
if [ "${PARAMLAB_NO_CDS:-}" != 1 ]; then
  if [ "$feature" -ge 25 ]; then
    record="-XX:AOTCacheOutput=$dest/kernel.aot"; use="-XX:AOTCache=$dest/kernel.aot"; archive="$dest/kernel.aot"
  else
    record="-XX:ArchiveClassesAtExit=$dest/kernel.jsa"; use="-XX:SharedArchiveFile=$dest/kernel.jsa"; archive="$dest/kernel.jsa"
  fi
  # shellcheck disable=SC2086
  if (cd "$dest" && "$java_bin" -ea $modules $opts $record -cp "$classpath" org.paramlab.kernel.KernelWarmUp >"$dest/warm-up.log" 2>&1) \
      && [ -s "$archive" ]; then
    opts="$opts $use"
  else
    echo "install-kernel: class data sharing skipped (see $dest/warm-up.log); the kernel starts a little slower" >&2
  fi
fi

# The launcher: one JVM per kernel (`exec` replaces the shell). PARAMLAB_JAVA_OPTS in the environment
# of the Jupyter server adds to the default JVM options for the kernels it starts; java takes
# user.home from $HOME (not the password database), so ~ in a cell is the student's home.
# jjava-jupyter logs through SLF4J; the no-op provider (announced only at WARN) keeps it quiet at every start.
default_jvm_opts="$opts"
cds_opts=""
case "$opts" in
  *" -XX:SharedArchiveFile="*|*" -XX:AOTCache="*) cds_opts="${opts##* }"; default_jvm_opts="${opts% *}" ;;
esac
cat > "$dest/kernel.sh" <<SH
#!/bin/sh
# Starts the ParamLab kernel (written by scripts/install-kernel.sh). Default JVM options:
#   $default_jvm_opts
# PARAMLAB_JAVA_OPTS adds to them (a later option wins, so -Xmx8g sets the heap; a -XX:+Use...GC replaces the collector).
# PARAMLAB_KERNEL_PROFILE=class: a small heap for a class sharing one server (-Xms32m -Xmx512m);
# in a pod leave it unset: the heap follows the pod's memory limit.
opts="$default_jvm_opts"
case " \${PARAMLAB_JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) opts=\$(echo " \$opts " | sed 's/ -XX:+Use[A-Za-z]*GC / /g') ;; esac
case "\${PARAMLAB_KERNEL_PROFILE:-}" in
  "") ;;
  class) opts="\$opts -Xms32m -Xmx512m" ;;
  *) echo "kernel.sh: unknown PARAMLAB_KERNEL_PROFILE '\$PARAMLAB_KERNEL_PROFILE' (known: class)" >&2 ;;
esac
# user.home from \$HOME (Java would read the password database); before PARAMLAB_JAVA_OPTS, so an explicit -Duser.home there wins
exec "$java_bin" -ea $modules \$opts \${HOME:+"-Duser.home=\$HOME"} \${PARAMLAB_JAVA_OPTS:-} $cds_opts \\
  -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN \\
  -cp "$classpath" org.paramlab.kernel.ParamLabKernel "\$@"
SH
chmod +x "$dest/kernel.sh"

python3 - "$dest/kernel.json" "$dest/kernel.sh" "$display" <<'PY'
import json, sys
path, launcher, display = sys.argv[1:]
spec = {
    "argv": ["/bin/sh", launcher, "{connection_file}"],
    "display_name": display,
    "language": "java",
    "interrupt_mode": "message",
    "metadata": {"debugger": False},
}
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY
echo "Installed kernel '$name' ($display) on $java_bin into $dest"
