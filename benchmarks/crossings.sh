#!/usr/bin/env bash
# Counts the calls that cross from one project module into another during one create on H2 (ModuleCrossings).
#   benchmarks/crossings.sh                      the default traced program, CreateOnce
#   benchmarks/crossings.sh MAIN CLASSPATH       another program (e.g. one built against an older release)
# Module jars are installed to the local Maven repository first: a class's module is the jar that holds it.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -pl benchmarks -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" io.credvault.benchmarks.crossings.ModuleCrossings "$@"
