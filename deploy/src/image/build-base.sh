#!/usr/bin/env bash
# Builds the base file system of Floe's container image, without a Docker daemon or a container
# registry: a JRE made by jlink from the build's JDK, the C and C++ runtime libraries the JVM and the
# embedded PostgreSQL need (copied from this Debian machine's installed libc6, libgcc-s1 and
# libstdc++6), BusyBox (the /bin/sh that pg_ctl runs, and unzip/cp for the Trino plugin's init
# container; from Debian's busybox-static package), and the user floe (10001).
#
#   build-base.sh JAVA_HOME CACHE_DIR   → prints the base directory (CACHE_DIR/image-base-<key>)
#
# The result is cached under a key of its inputs (JDK release, package versions, this script), so
# a warm build costs nothing; the first build takes about half a minute.
set -euo pipefail
java_home="$1"
cache_dir="$2"
modules="java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs"
packages="libc6 libgcc-s1 libstdc++6"

package_versions=""
for package in $packages; do
  package_versions+="$package=$(dpkg-query -W -f='${Version}' "$package") "
done
java_release=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release")
key=$( (echo "$java_release $package_versions $modules"; cat "${BASH_SOURCE[0]}") | sha256sum | cut -c1-16)
base="$cache_dir/image-base-$key"
if [ -f "$base/.complete" ]; then
  echo "$base"
  exit 0
fi

work=$(mktemp -d "$cache_dir/image-base-tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"

# the JRE: only the modules Quarkus, Iceberg, the AWS SDK and the JDBC driver use
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$root/opt/java" >&2

# C/C++ runtime: the files of the installed Debian packages (shared objects and the loader)
for package in $packages; do
  dpkg -L "$package" | while read -r path; do
    case "$path" in
      /lib/*|/lib64/*|/usr/lib/x86_64-linux-gnu/*|/lib/x86_64-linux-gnu/*) ;;
      *) continue ;;
    esac
    case "$path" in
      */gconv/*|*/audit/*|*.a|*/libc_malloc_debug*|*/libmemusage*|*/libpcprofile*) continue ;;
    esac
    if [ -L "$path" ] || [ -f "$path" ]; then
      mkdir -p "$root$(dirname "$path")"
      cp -a "$path" "$root$path"
    fi
  done
done
# the loader where binaries look for it
mkdir -p "$root/lib64"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"

# BusyBox (static): /bin/sh for pg_ctl; unzip and cp for the Trino plugin's init container
(cd "$work" && apt-get download busybox-static >&2 2>/dev/null) \
  || { apt-get update -qq >&2 && (cd "$work" && apt-get download busybox-static >&2); }
dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox"
mkdir -p "$root/bin"
cp "$work/busybox/bin/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"

# users, writable places (mount volumes there for a read-only root file system)
mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/floe" "$root/home/floe"
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
floe:x:10001:10001:Floe:/home/floe:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
floe:x:10001:
GROUP
echo "hosts: files dns" > "$root/etc/nsswitch.conf"
# container runtimes mount their own /etc/hosts (with the pod's name) over this one
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
# what the embedded PostgreSQL's platform check reads
printf 'NAME="Floe base"\nID=floe\nID_LIKE=debian\nVERSION_ID="%s"\n' "$(. /etc/os-release && echo "$VERSION_ID")" > "$root/etc/os-release"
echo "$java_release; $package_versions; busybox-static $(dpkg-deb -f "$work"/busybox-static_*.deb Version)" > "$root/etc/floe-image-base"

mv "$root" "$work/done"
rm -rf "$base"
mv "$work/done" "$base"
touch "$base/.complete"
echo "$base"
