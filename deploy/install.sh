#!/bin/sh
# Installs digest: builds the release binary, then installs the binary, the default templates,
# the systemd units, the system user and an example config. Safe to run again: files are
# replaced, the config in /etc/digest is never overwritten, nothing is enabled for you.
#
#   deploy/install.sh [--prefix /usr/local] [--destdir DIR] [--no-build] [--binary PATH] [--allow-toolchain-libraries]
#
# --destdir installs into DIR (a staging root for packaging); systemd is then left alone.
# A binary that needs the Swift toolchain's libraries is refused unless --allow-toolchain-libraries.
set -eu

prefix=/usr/local
destdir=
build=yes
binary=
toolchain_libraries=no
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --destdir) destdir=$2; shift 2 ;;
        --no-build) build=no; shift ;;
        --binary) binary=$2; build=no; shift 2 ;;
        --allow-toolchain-libraries) toolchain_libraries=yes; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
if [ "$build" = yes ]; then
    # The Swift standard library and Foundation are linked in, so the installed binary needs
    # only the Debian libraries listed in deploy/README.md, not the toolchain it was built with.
    (cd "$repo" && swift build -c release --static-swift-stdlib --product digest)
fi
[ -n "$binary" ] || binary="$repo/.build/release/digest"
[ -x "$binary" ] || { echo "install.sh: $binary is missing; build it or pass --binary" >&2; exit 66; }
# A binary that needs the toolchain's libraries would not start where no toolchain is.
if [ "$toolchain_libraries" = no ] && command -v ldd >/dev/null 2>&1 && ldd "$binary" | grep -q "/usr/lib/swift\|swift/linux\|=> not found"; then
    echo "install.sh: $binary needs the Swift toolchain's libraries; build it with --static-swift-stdlib (see deploy/README.md)" >&2
    ldd "$binary" | grep "swift\|not found" >&2
    exit 65
fi

root=$destdir
unitdir=$root/etc/systemd/system
say() { echo "  $1"; }

echo "installing digest into ${root:-/} (prefix $prefix)"
install -d "$root$prefix/bin" "$root$prefix/share/digest/templates" "$root$prefix/share/doc/digest" \
    "$root$prefix/lib/sysusers.d" "$unitdir" "$root/etc/digest"
install -m 0755 "$binary" "$root$prefix/bin/digest"; say "$prefix/bin/digest"
# The templates folder is replaced whole, so a template removed upstream does not linger.
rm -f "$root$prefix/share/digest/templates/"*.mustache
install -m 0644 "$repo/Templates/"*.mustache "$repo/Templates/README.md" "$root$prefix/share/digest/templates/"
say "$prefix/share/digest/templates/"
install -m 0644 "$here/README.md" "$root$prefix/share/doc/digest/README.md"
install -m 0644 "$repo/README.md" "$root$prefix/share/doc/digest/digest.md"
for unit in digest.service digest-once.service digest.timer; do
    # The units name /usr/local; another prefix is written into them.
    sed "s#/usr/local/#$prefix/#g" "$here/$unit" > "$unitdir/$unit.tmp" && chmod 0644 "$unitdir/$unit.tmp" && mv "$unitdir/$unit.tmp" "$unitdir/$unit"
    say "/etc/systemd/system/$unit"
done
install -m 0644 "$here/digest.sysusers" "$root$prefix/lib/sysusers.d/digest.conf"; say "$prefix/lib/sysusers.d/digest.conf"
if [ -e "$root/etc/digest/digest.toml" ]; then
    install -m 0644 "$here/digest.toml" "$root/etc/digest/digest.toml.example"
    say "/etc/digest/digest.toml kept; the current example is /etc/digest/digest.toml.example"
else
    install -m 0644 "$here/digest.toml" "$root/etc/digest/digest.toml"; say "/etc/digest/digest.toml (edit it: feeds, times, time zone)"
fi

if [ -z "$destdir" ] && [ -d /run/systemd/system ]; then
    systemd-sysusers "$prefix/lib/sysusers.d/digest.conf"
    systemctl daemon-reload
    echo "done. Next: edit /etc/digest/digest.toml, then either"
    echo "  systemctl enable --now digest.service        # the daemon (briefs at [schedule] times)"
    echo "  systemctl enable --now digest.timer          # or one run a day, no resident process"
else
    echo "done (systemd not touched: staged install or no systemd running)."
fi
