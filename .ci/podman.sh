# Serves Testcontainers from Podman on a machine without a Docker daemon; source it from bash:
#
#   source .ci/podman.sh && podman_start     # then run the containers tests; podman_stop when done
#
# podman_start installs Debian's podman, runc and busybox-static when missing, writes a containers.conf of its
# own (named by CONTAINERS_CONF, nothing under /etc changes), builds the image localhost/resque-redis:7 from
# Debian's redis-server when it is not there yet (nothing is pulled: no registry is needed), starts Podman's
# Docker-compatible API on a socket in a temporary folder and exports DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED
# and TESTCONTAINERS_HOST_OVERRIDE for the test JVMs. podman_stop removes the containers Testcontainers left and stops
# the service.

RESQUE_REDIS_IMAGE="${RESQUE_REDIS_IMAGE:-localhost/resque-redis:7}"

# Installs the Debian packages named, those whose command is missing, in one apt-get run.
_podman_install_missing() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || missing+=(runc)
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]}"
    apt-get update -qq
    # policy-rc.d keeps the redis-server package from starting a system Redis on port 6379
    local policy=/usr/sbin/policy-rc.d created_policy=
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    [ -z "$created_policy" ] || rm -f "$policy"
  fi
}

# Builds the Redis image from the host's redis-server, its libraries and a static shell (Testcontainers runs
# /bin/sh inside the container to see that the port listens).
_podman_build_image() {
  if podman image exists "$RESQUE_REDIS_IMAGE"; then
    return 0
  fi
  echo "Building $RESQUE_REDIS_IMAGE from /usr/bin/redis-server"
  local root="$PODMAN_DIR/image-root" busybox lib
  busybox="$(command -v busybox || echo /bin/busybox)"
  mkdir -p "$root/usr/bin" "$root/bin" "$root/data" "$root/tmp"
  # redis-server is a link to redis-check-rdb, which acts by the name it is started under: copy the file it
  # points to under the server's name
  cp -L /usr/bin/redis-server "$root/usr/bin/redis-server"
  cp -L "$busybox" "$root/bin/busybox"
  # the libraries both name (none for a static busybox), the loader among them
  for lib in $( (ldd /usr/bin/redis-server; ldd "$busybox") 2>/dev/null | grep -o '/[^ ]*' | sort -u || true); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  ln -s busybox "$root/bin/sh"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | podman import \
    --change 'ENTRYPOINT ["/usr/bin/redis-server"]' \
    --change 'CMD ["--protected-mode", "no", "--save", "", "--appendonly", "no"]' \
    --change 'WORKDIR /data' \
    --change 'EXPOSE 6379' \
    --quiet - "$RESQUE_REDIS_IMAGE" >/dev/null
  rm -rf "$root"
}

podman_start() {
  _podman_install_missing
  PODMAN_DIR="$(mktemp -d /tmp/resque-podman.XXXXXX)"
  export CONTAINERS_CONF="$PODMAN_DIR/containers.conf"
  # crun fails here with "cgroups in hybrid mode not supported", and the default nofile limit is refused
  cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF
  _podman_build_image
  podman system service --time=0 "unix://$PODMAN_DIR/podman.sock" >"$PODMAN_DIR/service.log" 2>&1 &
  PODMAN_SERVICE_PID=$!
  local waited=0
  until podman --url "unix://$PODMAN_DIR/podman.sock" version >/dev/null 2>&1; do
    if ! kill -0 "$PODMAN_SERVICE_PID" 2>/dev/null || [ "$waited" -ge 30 ]; then
      echo "Podman's API service did not start:" >&2
      cat "$PODMAN_DIR/service.log" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  export DOCKER_HOST="unix://$PODMAN_DIR/podman.sock"
  # Ryuk, the reaper of left containers, is an image that cannot be pulled here; Testcontainers stops its
  # containers itself, and podman_stop removes any it left
  export TESTCONTAINERS_RYUK_DISABLED=true
  # inside a container (as this machine may be) Testcontainers would reach the ports through the bridge's gateway;
  # Podman publishes them on every address, loopback included, and the tests stay on it
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  echo "Podman serves Testcontainers at $DOCKER_HOST (image $RESQUE_REDIS_IMAGE)"
}

podman_stop() {
  if [ -n "${PODMAN_DIR:-}" ]; then
    local left
    left="$(podman ps -aq --filter label=org.testcontainers=true --filter "ancestor=$RESQUE_REDIS_IMAGE" 2>/dev/null || true)"
    [ -z "$left" ] || podman rm -f $left >/dev/null 2>&1 || true
  fi
  if [ -n "${PODMAN_SERVICE_PID:-}" ]; then
    kill "$PODMAN_SERVICE_PID" 2>/dev/null || true
    wait "$PODMAN_SERVICE_PID" 2>/dev/null || true
    PODMAN_SERVICE_PID=
  fi
  if [ -n "${PODMAN_DIR:-}" ]; then
    rm -rf "$PODMAN_DIR"
    PODMAN_DIR=
  fi
  unset DOCKER_HOST CONTAINERS_CONF TESTCONTAINERS_RYUK_DISABLED TESTCONTAINERS_HOST_OVERRIDE
}
