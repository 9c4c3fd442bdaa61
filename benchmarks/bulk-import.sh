#!/usr/bin/env bash
# Times 'credvault import' of N plaintext JSON-lines records (default 100,000) into a new H2-file vault, and an
# export/import round trip of the result. Prints the figures the benchmark report quotes.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar="$here/vault-cli/target/credvault.jar"
[ -f "$jar" ] || mvn -B -q -f "$here/pom.xml" -pl vault-cli -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "{\"owner\":\"tenant-%d\",\"provider\":\"generic\",\"name\":\"record-%d\",\"secrets\":{\"apiKey\":\"key-%08d-0123456789abcdef\"}}\n", i % 1000, i, i }' > "$work/records.jsonl"
export CREDVAULT_DB="$work/vault"
java -jar "$jar" init --new-key-file "$work/master.key" > /dev/null
s=$(date +%s.%N)
java -jar "$jar" import "$work/records.jsonl" --key-file "$work/master.key" --format json 2>/dev/null > "$work/import.json"
e=$(date +%s.%N)
echo "bulk import: $n records in $(echo "$e - $s" | bc) s (wall, JVM start included): $(cat "$work/import.json")"
printf 'a long export passphrase\n' > "$work/pass"
# export and import stream: they run in a heap far smaller than the 100,000 credentials' export (-Xmx64m)
heap=${EXPORT_HEAP:--Xmx64m}
s=$(date +%s.%N)
java $heap -jar "$jar" export --out "$work/all.cvx" --key-file "$work/master.key" --export-passphrase-file "$work/pass" --format json 2>/dev/null
e=$(date +%s.%N)
echo "export: $(echo "$e - $s" | bc) s, $(stat -c %s "$work/all.cvx") bytes"
export CREDVAULT_DB="$work/restored"
java -jar "$jar" init --new-key-file "$work/restored.key" > /dev/null
s=$(date +%s.%N)
java $heap -jar "$jar" import "$work/all.cvx" --key-file "$work/restored.key" --export-passphrase-file "$work/pass" --format json 2>/dev/null
e=$(date +%s.%N)
echo "import of the export: $(echo "$e - $s" | bc) s"
