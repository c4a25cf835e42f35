#!/bin/sh
# Runs inside the booted test container (SystemdBootTests): drives digest under its real units
# as an operator would and writes what it saw, one `key=value` per line, to /results/findings,
# and the unit's journal to /results/journal; then powers the container off.
out=/results/findings
: > "$out"
say() { echo "$1" >> "$out"; }
# Waits up to $2 tenths of a second for the command $1 to succeed.
wait_for() {
    tries=0
    while [ "$tries" -lt "$2" ]; do
        sh -c "$1" >/dev/null 2>&1 && return 0
        sleep 0.1
        tries=$((tries + 1))
    done
    return 1
}
briefings() { ls /var/lib/digest/briefings 2>/dev/null | grep -c '^20.*\.html$'; }

say "binary=$(/usr/local/bin/digest --help >/dev/null 2>&1 && echo runs || echo fails)"
say "toolchain=$( [ -e /opt/swift ] && echo present || echo absent)"

systemctl start digest.service
say "start=$?"
wait_for 'systemctl is-active --quiet digest.service' 100
say "active=$(systemctl is-active digest.service)"
wait_for 'systemctl show -p StatusText --value digest.service | grep -q "next briefing"' 100
say "status=$(systemctl show -p StatusText --value digest.service)"
# The nice ceiling the unit's LimitNICE=-4 gives (RLIMIT_NICE 24), when the host lets systemd
# raise it (it needs CAP_SYS_RESOURCE); and the memory limits the daemon sees.
pid=$(systemctl show -p MainPID --value digest.service)
say "nice_limit=$(awk '/Max nice priority/ {print $4}' /proc/$pid/limits)"
say "cgroup=$(tr '\n' ' ' < /proc/$pid/cgroup)"
say "cgroup_v2_files=$(ls /sys/fs/cgroup/system.slice/digest.service 2>/dev/null | grep -c memory)"
say "cgroup_v1_files=$(ls /sys/fs/cgroup/memory/system.slice/digest.service 2>/dev/null | grep -c memory)"

systemctl kill -s USR1 digest.service
wait_for '[ "$(ls /var/lib/digest/briefings 2>/dev/null | grep -c "^20.*\.html$")" -ge 1 ]' 300
say "briefings_after_usr1=$(briefings)"

# A config edit, then a reload: the next briefing carries the new title.
sed -i 's/^title = .*/title = "Reloaded Briefing"/' /etc/digest/digest.toml
systemctl reload digest.service
say "reload=$?"
say "active_after_reload=$(systemctl is-active digest.service)"
systemctl kill -s USR1 digest.service
wait_for 'grep -q "Reloaded Briefing" /var/lib/digest/briefings/latest.html' 300
say "reloaded_title=$(grep -c 'Reloaded Briefing' /var/lib/digest/briefings/latest.html 2>/dev/null)"
say "digest_status=$(/usr/local/bin/digest status --config /etc/digest/digest.toml 2>&1 | head -1)"

systemctl stop digest.service
say "stop=$?"
say "result=$(systemctl show -p Result --value digest.service)"
say "exit=$(systemctl show -p ExecMainStatus --value digest.service)"

before=$(briefings)
systemctl start digest-once.service
say "once=$?"
say "once_result=$(systemctl show -p Result --value digest-once.service)"
say "briefings_after_once=$(( $(briefings) - before ))"

systemctl start digest.timer
say "timer=$(systemctl is-active digest.timer)"
say "timer_next=$(systemctl show -p NextElapseUSecRealtime --value digest.timer)"

# Every line of both services' journal, and how many are warnings or worse.
journalctl -u digest.service -u digest-once.service -o short-iso --no-pager > /results/journal 2>&1
say "priority_lines=$(journalctl -u digest.service -u digest-once.service -o cat --no-pager -q | grep -c 'thread priority')"
say "priority_warnings=$(journalctl -u digest.service -u digest-once.service -p warning -o cat --no-pager -q | grep -c 'thread priority')"
say "warnings=$(journalctl -u digest.service -u digest-once.service -p warning -o cat --no-pager -q | grep -c .)"
journalctl -u digest.service -u digest-once.service -p warning -o cat --no-pager -q > /results/warnings 2>&1
say "done=yes"
systemctl poweroff --no-block
