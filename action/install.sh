#!/usr/bin/env bash
# The install step of the ccgpages GitHub Action (action.yml): downloads the
# release archive of one exact ccgpages version for this runner, verifies it
# against the release's SHA256SUMS, unpacks it and puts `ccgpages` on PATH.
#
# Read from the environment (action.yml sets them from its inputs):
#   CCGPAGES_VERSION       the exact version, such as 0.1.0 (required)
#   CCGPAGES_REPOSITORY    owner/name of the repository that publishes the releases
#   CCGPAGES_DOWNLOAD_URL  where the releases are (default
#                          https://github.com/$CCGPAGES_REPOSITORY/releases/download);
#                          the files are read from $CCGPAGES_DOWNLOAD_URL/v$VERSION/
#   CCGPAGES_CACHE_DIR     where downloaded archives are kept (the action caches it)
#   CCGPAGES_INSTALL_DIR   where the binary is unpacked
#   RUNNER_OS, RUNNER_ARCH as GitHub sets them (Linux/macOS/Windows, X64/ARM64)
#   GITHUB_PATH, GITHUB_OUTPUT  as GitHub sets them
# Every failure says what went wrong and what to do, as a GitHub error
# annotation, and installs nothing.
set -euo pipefail

fail() {
  local message=${1//%/%25}
  echo "::error title=ccgpages was not installed::$message"
  exit 1
}

version=${CCGPAGES_VERSION:-}
version=${version#v}
repository=${CCGPAGES_REPOSITORY:-ccgpages/ccgpages}
[ -n "$version" ] || fail "the action needs the input 'version', an exact ccgpages version such as 0.1.0 (see https://github.com/$repository/releases)"
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  fail "version '$version' is not an exact version: give all three numbers, such as 0.1.0, so that an upgrade is always your choice (see https://github.com/$repository/releases)"
fi
download_url=${CCGPAGES_DOWNLOAD_URL:-}
download_url=${download_url:-https://github.com/$repository/releases/download}
download_url=${download_url%/}

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case "$os/$arch" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  # Windows on Arm runs x86_64 programs.
  Windows/X64 | Windows/ARM64 | MINGW*/* | MSYS*/*) target=x86_64-pc-windows-msvc ;;
  *) fail "there is no ccgpages release for $os on $arch: use a Linux, macOS or Windows runner (runs-on: ubuntu-latest)" ;;
esac
case "$target" in
  *windows*) archive="ccgpages-$version-$target.zip" exe=ccgpages.exe ;;
  *) archive="ccgpages-$version-$target.tar.gz" exe=ccgpages ;;
esac
base="$download_url/v$version"
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
cache_dir=${CCGPAGES_CACHE_DIR:-$tmp/ccgpages-download/$version}
install_dir=${CCGPAGES_INSTALL_DIR:-$tmp/ccgpages/$version}
mkdir -p "$cache_dir"
echo "ccgpages $version for $os $arch: $archive"

fetch() { # URL FILE
  curl --fail --silent --show-error --location --retry 3 --connect-timeout 20 --output "$2" "$1"
}

# The checksums are read afresh on every run, also when the archive comes
# from the cache: a cached archive is used only if it still matches them.
sums="$cache_dir/SHA256SUMS.new"
if ! fetch "$base/SHA256SUMS" "$sums" 2>"$cache_dir/curl.err"; then
  fail "ccgpages $version was not found: there is no $base/SHA256SUMS ($(tr -d '\r\n' <"$cache_dir/curl.err")). Check that version '$version' is one of the releases listed at https://github.com/$repository/releases"
fi
expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$sums")
[ -n "$expected" ] || fail "the release ccgpages $version has no $archive in its SHA256SUMS: this runner ($os $arch) is not supported by that version"

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | awk '{ print $1 }'
}

if [ -f "$cache_dir/$archive" ] && [ "$(sha256 "$cache_dir/$archive")" = "$expected" ]; then
  echo "using the archive kept from an earlier run (checksum verified)"
else
  rm -f "$cache_dir/$archive"
  if ! fetch "$base/$archive" "$cache_dir/$archive.part" 2>"$cache_dir/curl.err"; then
    fail "could not download $base/$archive ($(tr -d '\r\n' <"$cache_dir/curl.err"))"
  fi
  actual=$(sha256 "$cache_dir/$archive.part")
  if [ "$actual" != "$expected" ]; then
    rm -f "$cache_dir/$archive.part"
    fail "$archive does not match the release's SHA256SUMS (its SHA-256 is $actual, the release says $expected): the download was damaged or changed, so it was not installed. Run the job again; if it fails again, report it at https://github.com/$repository/issues"
  fi
  mv "$cache_dir/$archive.part" "$cache_dir/$archive"
  echo "downloaded $archive; SHA-256 $actual matches SHA256SUMS"
fi
mv "$sums" "$cache_dir/SHA256SUMS"
rm -f "$cache_dir/curl.err"

rm -rf "$install_dir"
mkdir -p "$install_dir"
case "$archive" in
  *.zip)
    if command -v unzip >/dev/null; then unzip -q "$cache_dir/$archive" -d "$install_dir"; else 7z x -bd -bso0 -o"$install_dir" "$cache_dir/$archive"; fi
    ;;
  *) tar -xzf "$cache_dir/$archive" -C "$install_dir" ;;
esac
bin_dir="$install_dir/ccgpages-$version-$target"
[ -x "$bin_dir/$exe" ] || fail "$archive holds no $exe in ccgpages-$version-$target/"

said=$("$bin_dir/$exe" --version 2>&1 || true)
[ "$said" = "ccgpages $version" ] || fail "the downloaded ccgpages says '$said', not 'ccgpages $version'"

if [ -n "${GITHUB_PATH:-}" ]; then echo "$bin_dir" >>"$GITHUB_PATH"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "path=$bin_dir/$exe"
    echo "version=$version"
    echo "target=$target"
  } >>"$GITHUB_OUTPUT"
fi
echo "installed $said in $bin_dir"
