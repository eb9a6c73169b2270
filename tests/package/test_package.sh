#!/usr/bin/env bash
# The .deb installs and runs: package the build with cpack, unpack it with dpkg -x into a scratch root, and run
# the unpacked program on the unpacked scenarios. Writes only inside its mktemp folder.
#   test_package.sh BUILD_DIR BORDERSIM_BINARY VERSION
set -euo pipefail
build_dir=$1 binary=$2 version=$3
fail() { echo "package test: $*" >&2; exit 1; }
[ -x "$binary" ] || fail "$binary is not built (build the 'all' target first)"
for tool in cpack dpkg dpkg-deb dpkg-shlibdeps file; do
  command -v "$tool" >/dev/null || fail "$tool is missing (bash .ci/install-deps installs dpkg-dev and file)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bordersim-package.XXXXXX")
# cpack's install step rewrites BUILD_DIR/install_manifest.txt; put back what was there (a real install's list).
manifest=$build_dir/install_manifest.txt
[ -f "$manifest" ] && cp -p "$manifest" "$tmp/install_manifest.txt"
restore() { if [ -f "$tmp/install_manifest.txt" ]; then cp -p "$tmp/install_manifest.txt" "$manifest"; else rm -f "$manifest"; fi; }
trap 'restore; rm -rf "$tmp"' EXIT
cd "$tmp" # anything the program writes relative to the working folder stays here

# -B puts the package and cpack's staging tree (_CPack_Packages) in the scratch folder, not the build folder.
if ! (cd "$build_dir" && cpack -G DEB -B "$tmp/deb" --config CPackConfig.cmake) >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log" >&2
  for log in "$tmp"/deb/_CPack_Packages/*/DEB/*.log; do [ -f "$log" ] && tail -n 30 "$log" >&2 || true; done
  fail "cpack -G DEB failed"
fi
deb=$tmp/deb/bordersim_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "no $deb; cpack wrote: $(ls "$tmp/deb")"

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = bordersim ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected $version"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
# Depends comes from dpkg-shlibdeps; without it CPack silently writes none.
case "$(field Depends)" in *libsimgrid*) ;; *) fail "Depends lacks libsimgrid: '$(field Depends)'" ;; esac

root=$tmp/root
dpkg -x "$deb" "$root"
bin=$root/usr/bin/bordersim
[ -x "$bin" ] || fail "usr/bin/bordersim is not in the package"
# The SimGrid backend, which the program loads relative to itself when it simulates (the run below).
[ -n "$(find "$root/usr/lib" -path '*/bordersim/libbordersim_simgrid.so')" ] ||
  fail "usr/lib/.../bordersim/libbordersim_simgrid.so is not in the package"

"$bin" --version >"$tmp/version.txt" 2>&1 || fail "bordersim --version exited with $?: $(cat "$tmp/version.txt")"
grep -qF "$version" "$tmp/version.txt" || fail "--version does not name $version: $(cat "$tmp/version.txt")"

# Every installed scenario validates where it was installed: `extends:` chains resolve inside the package.
configs=$root/usr/share/bordersim/configs
for scenario in "$configs"/*.yaml "$configs"/kz-kg/*.yaml; do
  case ${scenario##*/} in targets.yaml | params.yaml) continue ;; esac # a calibration's inputs, not scenarios
  "$bin" validate "$scenario" --quiet >"$tmp/validate.txt" 2>&1 ||
    fail "validate ${scenario#"$root"/} exited with $?: $(cat "$tmp/validate.txt")"
done
"$bin" run "$configs/mmc-example.yaml" --set simulation.horizon=2d --set simulation.warmup=0s --replications 1 \
  --out "$tmp/run" --no-report --quiet >"$tmp/run.txt" 2>&1 || fail "run from the package exited with $?: $(cat "$tmp/run.txt")"
[ -s "$tmp/run/summary.csv" ] || fail "run from the package wrote no summary.csv"

for f in usr/share/bordersim/configs/README.md usr/share/bordersim/configs/kz-kg/README.md \
         usr/share/bordersim/configs/kz-kg/baselines/current.csv usr/share/doc/bordersim/README.md \
         usr/share/doc/bordersim/configs/README.md usr/share/doc/bordersim/docs/capacity.md \
         usr/share/doc/bordersim/docs/outputs/README.md; do
  [ -s "$root/$f" ] || fail "$f is missing from the package"
done
echo "package test: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB), Depends: $(field Depends)"
