# Shared by scripts/run and scripts/test: install missing Debian packages, then configure and
# build (Release, incremental) in ./build. Sourced, not executed.
set -euo pipefail

SEMCOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEMCOT_BUILD="${SEMCOT_BUILD_DIR:-$SEMCOT_ROOT/build}"

# Build tools, the engine's libraries, Qt 6 for the desktop app, and OpenBLAS: Debian's
# libtorch calls BLAS through the alternatives system and gets the ~15x slower netlib
# reference BLAS without it. (Reasons for each package: DEVELOPERS.md.)
SEMCOT_PACKAGES=(
    cmake ninja-build g++ pkg-config ccache
    libtorch-dev libopenblas0-pthread libsentencepiece-dev nlohmann-json3-dev libcli11-dev
    qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
    libqt6opengl6-dev libxkbcommon-dev libgl-dev libvulkan-dev
    xvfb xauth poppler-utils qt6-translations-l10n fonts-wqy-microhei
    python3-torch libpcre2-dev libutf8proc-dev libgloo-dev
)

semcot_install_deps() {
    local missing=()
    for pkg in "${SEMCOT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "semcot: installing Debian packages: ${missing[*]}" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "semcot: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

semcot_build() {
    # ccache with precompiled headers needs these sloppiness settings to get hits.
    export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    if [ ! -f "$SEMCOT_BUILD/CMakeCache.txt" ]; then
        cmake -S "$SEMCOT_ROOT" -B "$SEMCOT_BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@"
    fi
    cmake --build "$SEMCOT_BUILD" --parallel "$(nproc)"
}
