#!/usr/bin/env bash
# A local three-node OpenSearch 3.5.0 cluster on 127.0.0.1 for the OpenSearch backend's tests and
# for trying the backend by hand (three cluster-manager-eligible nodes: it survives losing any one,
# the elected manager included). Everything comes from Maven Central (no Docker):
#   org.opensearch.distribution.integ-test-zip:opensearch:3.5.0:zip   (the server, no bundled JDK)
#   org.opensearch.plugin:opensearch-knn:3.5.0.0:zip                  (knn_vector; engine lucene only)
#
#   scripts/opensearch-cluster.sh start DIR [OPENSEARCH_ZIP KNN_ZIP]   unpack (once), start, wait for green
#   scripts/opensearch-cluster.sh stop DIR                             stop every node by its pid file
#   scripts/opensearch-cluster.sh stop-node DIR N | start-node DIR N   one node (resilience tests)
#
# Ports: HTTP 9251-9253, transport 9351-9353 (RAG_OS_HTTP_BASE / RAG_OS_TRANSPORT_BASE change the
# base; RAG_OS_NODES the number of nodes, 3 by default). OpenSearch refuses to run as root: as root the nodes run as user "ragos" (created without a
# home when missing); as another user they run as that user. Needs a JDK 21+ (RAG_JAVA_HOME,
# JAVA_HOME, or the newest under /usr/lib/jvm). Without the zips given, they are fetched with
# `mvn dependency:copy` into DIR.
set -euo pipefail

VERSION=3.5.0
KNN_VERSION=3.5.0.0
HTTP_BASE=${RAG_OS_HTTP_BASE:-9250}
TRANSPORT_BASE=${RAG_OS_TRANSPORT_BASE:-9350}
NODES=${RAG_OS_NODES:-3}
OS_USER=ragos

die() { echo "opensearch-cluster: $*" >&2; exit 1; }

find_jdk() {
  local candidate
  for candidate in "${RAG_JAVA_HOME:-}" "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    local v
    v=$("$candidate/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    [[ -n $v ]] && (( v >= 21 )) && { echo "$candidate"; return; }
  done
  die "no JDK 21+ found for OpenSearch (set RAG_JAVA_HOME)"
}

run_as() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u "$OS_USER" -- "$@"
  else
    "$@"
  fi
}

fetch() {
  local dir=$1
  command -v mvn >/dev/null || die "mvn is needed to fetch the OpenSearch zips"
  mvn -B -q -ntp dependency:copy -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" \
    -DoutputDirectory="$dir" -Dmdep.stripVersion=false >&2
  mvn -B -q -ntp dependency:copy -Dartifact="org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip" \
    -DoutputDirectory="$dir" -Dmdep.stripVersion=false >&2
}

install() {
  local dir=$1 zip=${2:-} knn=${3:-}
  local home=$dir/opensearch-$VERSION
  [[ -x $home/bin/opensearch && -d $home/plugins/opensearch-knn ]] && return 0
  if [[ -z $zip ]]; then
    fetch "$dir"
    zip=$dir/opensearch-$VERSION.zip
    knn=$dir/opensearch-knn-$KNN_VERSION.zip
  fi
  [[ -f $zip && -f $knn ]] || die "missing $zip or $knn"
  rm -rf "$home"
  (cd "$dir" && unzip -q "$zip")
  OPENSEARCH_JAVA_HOME=$JDK "$home/bin/opensearch-plugin" install --batch "file://$(realpath "$knn")" >/dev/null
}

node_args() {
  local dir=$1 n=$2 seeds="" managers="" i
  for i in $(seq 1 "$NODES"); do
    seeds+="${seeds:+,}127.0.0.1:$((TRANSPORT_BASE + i))"
    managers+="${managers:+,}n$i"
  done
  echo "-Ecluster.name=rag-test -Enode.name=n$n -Ehttp.port=$((HTTP_BASE + n)) -Etransport.port=$((TRANSPORT_BASE + n))" \
    "-Epath.data=$dir/n$n/data -Epath.logs=$dir/n$n/logs -Enetwork.host=127.0.0.1" \
    "-Epath.repo=$dir/repo" \
    "-Ediscovery.seed_hosts=$seeds" \
    "-Ecluster.initial_cluster_manager_nodes=$managers"
}

start_node() {
  local dir=$1 n=$2
  local home=$dir/opensearch-$VERSION
  # path.repo: the folder every node shares for fs snapshot repositories
  mkdir -p "$dir/n$n" "$dir/repo"
  if [[ $(id -u) == 0 ]]; then
    id "$OS_USER" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin "$OS_USER"
    chown -R "$OS_USER" "$dir"
  fi
  # shellcheck disable=SC2046
  run_as env OPENSEARCH_JAVA_HOME="$JDK" OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m" \
    "$home/bin/opensearch" -d -p "$dir/n$n/pid" $(node_args "$dir" "$n") >"$dir/n$n/start.out" 2>&1 </dev/null \
    || { cat "$dir/n$n/start.out" >&2; die "node n$n did not start (see $dir/n$n/logs)"; }
}

stop_node() {
  local dir=$1 n=$2 pid
  [[ -f $dir/n$n/pid ]] || return 0
  pid=$(cat "$dir/n$n/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/n$n/pid"
}

wait_green() {
  local port=$((HTTP_BASE + 1)) status=""
  for _ in $(seq 1 120); do
    status=$(curl -s "http://127.0.0.1:$port/_cluster/health?wait_for_nodes=$NODES&timeout=1s" 2>/dev/null \
      | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' || true)
    [[ $status == green ]] && return 0
    sleep 1
  done
  die "cluster not green after 2 minutes (status: ${status:-no answer}); logs under the nodes' folders"
}

cmd=${1:-}
dir=${2:-}
[[ -n $cmd && -n $dir ]] || die "usage: $0 start|stop|start-node|stop-node DIR [...]"
mkdir -p "$dir"
dir=$(realpath "$dir")
case $cmd in
  start)
    JDK=$(find_jdk)
    install "$dir" "${3:-}" "${4:-}"
    for n in $(seq 1 "$NODES"); do start_node "$dir" "$n"; done
    wait_green
    echo "opensearch-cluster: $NODES nodes green on http://127.0.0.1:$((HTTP_BASE + 1))-$((HTTP_BASE + NODES))"
    ;;
  stop)
    # every node that has a pid file, also one left by a run with more nodes
    for pidfile in "$dir"/n*/pid; do
      [[ -f $pidfile ]] || continue
      n=$(basename "$(dirname "$pidfile")"); stop_node "$dir" "${n#n}"
    done
    ;;
  start-node)
    JDK=$(find_jdk)
    start_node "$dir" "$3"
    ;;
  stop-node)
    stop_node "$dir" "$3"
    ;;
  *) die "unknown command $cmd" ;;
esac
