#!/usr/bin/env bash
# Installs every Debian 12 package glassbox needs to build, test and run,
# then configures and builds into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev libssl-dev
  libeigen3-dev libsqlite3-dev libboost-dev libboost-filesystem-dev libhpdf-dev fonts-dejavu-core
  libxgboost-dev libgtest-dev libgmock-dev libbenchmark-dev
  poppler-utils openssl python3 python3-grpcio python3-protobuf python3-grpc-tools python3-numpy python3-sklearn
  python3-pandas python3-xgboost python3-matplotlib
  # `pip install clients/python` into a virtual environment (tests/clients/python_install_test.py)
  python3-venv python3-pip python3-setuptools
  # the CLI's run files (YAML); zsh for the completion test
  libyaml-dev zsh
  # docs/notebooks: executed top to bottom by ctest
  python3-nbconvert python3-ipykernel jupyter-nbconvert
  # glassboxd's HTTP port (the dashboard and the Connect JSON API): cpp-httplib, built by Debian with OpenSSL
  libcpp-httplib-dev
  # the dashboard's browser test (tests/web): Debian's Chromium, driven headless by npm's playwright-core
  chromium
  # the PostgreSQL backend (storage/postgresql_connection.cc): libpq to build; the server for its tests
  libpq-dev postgresql-15
  # scripts/fuzz.sh: clang, its libFuzzer and sanitizer runtimes, llvm-symbolizer for readable stacks
  clang libclang-rt-14-dev llvm-14
)
# The Node.js client and its test, and the dashboard's build (clients/web: Vite, TypeScript, ECharts, installed by
# `npm ci` from its package-lock.json during the build below) and browser test: Debian 12's nodejs (18) and npm,
# unless node and npm are installed already.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# PostgreSQL refuses to run as root: tests run as root (CI) start their server as this unprivileged user
# (tests/support/postgres_server.h).
if [[ $(id -u) -eq 0 ]] && ! getent passwd glassbox-pg >/dev/null; then
  useradd --system --no-create-home --shell /usr/sbin/nologin glassbox-pg
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"
