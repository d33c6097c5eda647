#!/usr/bin/env bash
# Generates core/src/main/resources/org/aava/dialer/core/phone/phone-zones.txt, the prefix -> time zones map
# the dialer uses to find the callee's zones, from the time-zone map in Debian's libphonenumber8-java
# (geocoder 2.193, /usr/share/maven-repo). Run once when the data should be refreshed, and commit the result:
# the build itself never needs the Debian package (libphonenumber's Maven Central geocoder does not resolve here).
#   apt-get install libphonenumber8-java && etc/data/make-phone-zones.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=/usr/share/maven-repo/com/googlecode/libphonenumber
ver=2.193
cp="$repo/geocoder/$ver/geocoder-$ver.jar:$repo/prefixmapper/$ver/prefixmapper-$ver.jar:$(ls /usr/share/java/libphonenumber-8*.jar | head -1)"
out=core/src/main/resources/org/aava/dialer/core/phone/phone-zones.txt
mkdir -p "$(dirname "$out")"
pkg=$(dpkg-query -W -f='${Package} ${Version}' libphonenumber8-java 2>/dev/null || echo "libphonenumber8-java (version unknown)")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/Dump.java" <<'JAVA'
import com.google.i18n.phonenumbers.prefixmapper.PrefixTimeZonesMap;
import java.io.ObjectInputStream;

public class Dump {
    public static void main(String[] a) throws Exception {
        PrefixTimeZonesMap m = new PrefixTimeZonesMap();
        try (ObjectInputStream in = new ObjectInputStream(Dump.class.getResourceAsStream("/com/google/i18n/phonenumbers/timezones/data/map_data"))) {
            m.readExternal(in);
        }
        System.out.print(m);
    }
}
JAVA
javac -cp "$cp" -d "$tmp" "$tmp/Dump.java"
{
  echo "# E.164 prefix (without +) | time zones (&-separated). Longest prefix wins."
  echo "# Source: $pkg, geocoder $ver, com/google/i18n/phonenumbers/timezones/data/map_data (Apache-2.0)."
  echo "# Generated $(date -u +%Y-%m-%d) by etc/data/make-phone-zones.sh; do not edit by hand."
  java -cp "$cp:$tmp" Dump | grep -v '^$' | sort -t'|' -k1,1
} > "$out"
echo "wrote $out ($(grep -vc '^#' "$out") prefixes)"
