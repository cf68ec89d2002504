# The skep image: the skep binary, the Swift runtime libraries it links, and restic — nothing else heavy.
#
# Build it for both architectures on a machine that can pull from Docker Hub, e.g.
#   docker buildx build --platform linux/amd64,linux/arm64 -t registry.lan:5000/skep:0.1.0 --push .
# (arm64 under emulation is slow: building natively on an arm64 node is much faster.)
#
# NOT built by skep's own tests: the sandbox cannot pull images, so this file is untested there.
# `skep sandbox image` builds the same layout on a sandbox node from the local skep binary instead
# (docs/sandbox.md, "The skep image").
#
# Why the runtime is shipped rather than linked in: `--static-swift-stdlib` with full Foundation did not link on our
# toolchain; copying the toolchain's runtime next to the binary is what the official swift:*-slim images do.

# The toolchain this repo is developed with (6.3.1; Package.swift needs tools 6.2+). Debian 12 variants of the official
# image are published as swift:6.x-bookworm; pick another with --build-arg SWIFT_IMAGE=swift:6.2-bookworm.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS builder
WORKDIR /src
# GRDB (skep-control's run history) links the system SQLite.
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
COPY . .
# skep, and skep-control: the control service's own binary, without the CLI's other commands (less memory at idle).
RUN swift build -c release --product skep && swift build -c release --product skep-control \
  && mkdir -p /out/lib \
  && cp "$(swift build -c release --show-bin-path)/skep" "$(swift build -c release --show-bin-path)/skep-control" /out/ \
  && ldd /out/skep /out/skep-control | awk '$3 ~ /\/lib\/swift\/linux\// { print $3 }' | sort -u \
  | xargs -r cp -L -t /out/lib/

FROM debian:bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends restic ca-certificates libsqlite3-0 \
  && rm -rf /var/lib/apt/lists/*
COPY --from=builder /out/lib/ /usr/lib/swift/linux/
RUN echo /usr/lib/swift/linux > /etc/ld.so.conf.d/swift.conf && ldconfig
COPY --from=builder /out/skep /out/skep-control /usr/local/bin/
# Fails the build if a program cannot start (a missing runtime library, a wrong architecture).
RUN skep --version && skep-control --help > /dev/null && restic version
LABEL org.opencontainers.image.title=skep
ENTRYPOINT ["skep"]
