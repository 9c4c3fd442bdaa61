#!/usr/bin/env bash
# Runs the JMH suite and writes docs/benchmarks.md.
#   benchmarks/run.sh quick   a few minutes: 1 fork, short iterations, 1k credentials (default)
#   benchmarks/run.sh full    real numbers: 2 forks, longer iterations, 1k/100k/1M credentials, 100k rewrap
# PostgreSQL rows are added when CREDVAULT_BENCH_POSTGRES_URL holds a JDBC URL.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-quick}
case "$profile" in
  quick) jmh=(-f 1 -wi 2 -w 1 -i 3 -r 1); counts=1000; rewrap=20000; shots=(-f 1 -wi 1 -i 2) ;;
  full)  jmh=(-f 2 -wi 3 -w 2 -i 5 -r 2); counts=1000,100000,1000000; rewrap=100000; shots=(-f 1 -wi 1 -i 3) ;;
  *) echo "usage: benchmarks/run.sh [quick|full]" >&2; exit 2 ;;
esac
mvn -B -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
mkdir -p "$out"
backends=IN_MEMORY,H2_MEM,H2_FILE
[ -n "${CREDVAULT_BENCH_POSTGRES_URL:-}" ] && backends=$backends,POSTGRES
java -jar $jar SealBenchmark "${jmh[@]}" -rf json -rff $out/seal.json
java -jar $jar LookupBenchmark "${jmh[@]}" -t 1 -p backend=$backends -p count=$counts -rf json -rff $out/lookup-t1.json
java -jar $jar LookupBenchmark "${jmh[@]}" -t 2 -p backend=IN_MEMORY,H2_MEM -p count=1000 -p impl=REVEAL,BASELINE -rf json -rff $out/lookup-t2.json
java -jar $jar ListBenchmark "${jmh[@]}" -p count=$rewrap -rf json -rff $out/list.json
java -jar $jar WriteBenchmark "${jmh[@]}" -rf json -rff $out/write.json
rewrap_backends=H2_FILE
[ -n "${CREDVAULT_BENCH_POSTGRES_URL:-}" ] && rewrap_backends=$rewrap_backends,POSTGRES
java -jar $jar RewrapBenchmark "${shots[@]}" -p count=$rewrap -p backend=$rewrap_backends -rf json -rff $out/rewrap.json
java -cp $jar io.credvault.benchmarks.Report docs/benchmarks.md "$profile" \
  $out/seal.json $out/lookup-t1.json $out/lookup-t2.json $out/list.json $out/write.json $out/rewrap.json
