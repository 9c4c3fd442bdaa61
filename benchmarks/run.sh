#!/usr/bin/env bash
# Runs the JMH suite and writes docs/benchmarks.md.
#   benchmarks/run.sh quick   a few minutes: 1 fork, short iterations, 1k credentials (default)
#   benchmarks/run.sh full    about an hour on 2 cores (67 minutes with the PostgreSQL and MariaDB rows):
#                             longer iterations, reveal at 1k/100k/1M credentials (in memory and on an H2 file),
#                             100k-credential list and rewrap
# PostgreSQL rows (lookups with and without the read cache, 100k distinct reveals, rewrap, the read cache's
# staleness after a remote commit) are added when CREDVAULT_BENCH_POSTGRES_URL holds a JDBC URL, MariaDB rows
# (rewrap) when CREDVAULT_BENCH_MARIADB_URL does; the cv_ tables there are emptied.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-quick}
# The rows the targets compare (seal and open: credvault, raw JCE and Tink; reveal of 1,000 credentials in memory and
# on H2: credvault and its baseline) are measured in $rounds rounds, each row in a JVM of its own, the rows compared
# taking turns and their order reversed every other round, so that a slow minute of the machine falls on both sides
# of a ratio; the report pools each row's iterations over its rounds. The seal rows warm up for 6 s ($seal), which
# the open and seal reach steady state within; the reveal rows for 12 s. Rewrap (credvault's and the raw JDBC
# baseline's, each shot a pass over every record) is measured in rounds too, its first round running both in one JVM.
case "$profile" in
  quick) jmh=(-f 1 -wi 2 -w 1 -i 3 -r 1); seal=("${jmh[@]}"); rounds=1; scale=""; rewrap=20000; shots=(-f 1 -wi 1 -i 2) ;;
  full)  jmh=(-f 1 -wi 6 -w 2 -i 5 -r 2); seal=(-f 1 -wi 3 -w 2 -i 3 -r 2); rounds=3; scale=100000,1000000; rewrap=100000
         shots=(-f 1 -wi 1 -i 5) ;;
  *) echo "usage: benchmarks/run.sh [quick|full]" >&2; exit 2 ;;
esac
mvn -B -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
rm -rf "$out"
mkdir -p "$out"
backends=IN_MEMORY,H2_MEM,H2_FILE
rewrap_backends=H2_FILE
staleness=()
if [ -n "${CREDVAULT_BENCH_POSTGRES_URL:-}" ]; then
  backends=$backends,POSTGRES
  rewrap_backends=$rewrap_backends,POSTGRES
  staleness+=(POSTGRES)
fi
if [ -n "${CREDVAULT_BENCH_MARIADB_URL:-}" ]; then
  rewrap_backends=$rewrap_backends,MARIADB
  staleness+=(MARIADB)
fi
results=()
# in_turn ROUND A B...: A B... in odd rounds, reversed in even ones
in_turn() {
  local round=$1; shift
  if [ $((round % 2)) -eq 1 ]; then echo "$@"; else echo "$@" | tr ' ' '\n' | tac | tr '\n' ' '; fi
}
for round in $(seq 1 $rounds); do
  for impl in $(in_turn $round CREDVAULT RAW_JCE TINK); do
    java -jar $jar SealBenchmark "${seal[@]}" -p impl=$impl -rf json -rff $out/seal-$round-$impl.json
    results+=($out/seal-$round-$impl.json)
  done
done
java -jar $jar SealBenchmark "${seal[@]}" -p impl=JCE_GET_INSTANCE_PER_OP,BOUNCY_CASTLE,JASYPT_AES256_TEXT,SPRING_AES_GCM \
  -rf json -rff $out/seal-peers.json
results+=($out/seal-peers.json)
java -jar $jar LookupBenchmark "${jmh[@]}" -t 1 -p backend=$backends -p count=1000 -rf json -rff $out/lookup-t1.json
results+=($out/lookup-t1.json)
for round in $(seq 2 $rounds); do
  for impl in $(in_turn $round REVEAL BASELINE); do
    java -jar $jar LookupBenchmark "${jmh[@]}" -t 1 -p backend=IN_MEMORY,H2_MEM,H2_FILE -p count=1000 -p impl=$impl \
      -rf json -rff $out/lookup-t1-$round-$impl.json
    results+=($out/lookup-t1-$round-$impl.json)
  done
done
if [ -n "$scale" ]; then
  java -jar $jar LookupBenchmark "${jmh[@]}" -t 1 -p backend=IN_MEMORY,H2_FILE -p count=$scale -p impl=REVEAL,DESCRIBE,BASELINE \
    -rf json -rff $out/lookup-scale.json
  if [ -n "${CREDVAULT_BENCH_POSTGRES_URL:-}" ]; then
    java -jar $jar LookupBenchmark "${jmh[@]}" -t 1 -p backend=POSTGRES -p count=100000 -p impl=REVEAL,DESCRIBE,BASELINE \
      -rf json -rff $out/lookup-scale-postgres.json
  fi
fi
java -jar $jar LookupBenchmark "${jmh[@]}" -t 2 -p backend=IN_MEMORY,H2_MEM -p count=1000 -p impl=REVEAL,BASELINE -rf json -rff $out/lookup-t2.json
java -jar $jar ListBenchmark "${jmh[@]}" -p count=$rewrap -rf json -rff $out/list.json
java -jar $jar WriteBenchmark "${jmh[@]}" -rf json -rff $out/write.json
java -jar $jar JournalBenchmark "${jmh[@]}" -rf json -rff $out/journal.json
java -jar $jar RewrapBenchmark "${shots[@]}" -p count=$rewrap -p backend=$rewrap_backends -rf json -rff $out/rewrap.json
rewraps=($out/rewrap.json)
for round in $(seq 2 $rounds); do
  for impl in $(in_turn $round REWRAP BASELINE); do
    java -jar $jar RewrapBenchmark "${shots[@]}" -p count=$rewrap -p backend=$rewrap_backends -p impl=$impl \
      -rf json -rff $out/rewrap-$round-$impl.json
    rewraps+=($out/rewrap-$round-$impl.json)
  done
done
if [ ${#staleness[@]} -gt 0 ]; then
  java -cp $jar io.credvault.benchmarks.StalenessProbe $out/staleness.json 300 "${staleness[@]}"
fi
[ -n "$scale" ] && results+=($out/lookup-scale.json)
[ -f $out/lookup-scale-postgres.json ] && results+=($out/lookup-scale-postgres.json)
results+=($out/lookup-t2.json $out/list.json $out/write.json $out/journal.json "${rewraps[@]}")
[ -f $out/staleness.json ] && results+=($out/staleness.json)
java -cp $jar io.credvault.benchmarks.Report docs/benchmarks.md "$profile" "${results[@]}"
