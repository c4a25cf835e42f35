#!/bin/sh
# Installs digest: builds the release binary, then installs the binary, the default templates,
# the systemd units, the system user and an example config. Safe to run again: files are
# replaced, the config in /etc/digest is never overwritten, nothing is enabled for you.
#
#   deploy/install.sh [--prefix /usr/local] [--destdir DIR] [--no-build] [--binary PATH]
#
# --destdir installs into DIR (a staging root for packaging); systemd is then left alone.
set -eu

prefix=/usr/local
destdir=
build=yes
binary=
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --destdir) destdir=$2; shift 2 ;;
        --no-build) build=no; shift ;;
        --binary) binary=$2; build=no; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
if [ "$build" = yes ]; then
    (cd "$repo" && swift build -c release --product digest)
fi
[ -n "$binary" ] || binary="$repo/.build/release/digest"
[ -x "$binary" ] || { echo "install.sh: $binary is missing; build it or pass --binary" >&2; exit 66; }

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
